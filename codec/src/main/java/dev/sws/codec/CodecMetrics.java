package dev.sws.codec;

import dev.sws.audio.features.FrontendConfig;
import dev.sws.audio.features.MelFrontend;

/** Objective round-trip measures: log-mel distance (80 mels, NeMo frontend) and SI-SDR. */
public final class CodecMetrics {

    private CodecMetrics() {
    }

    /** Mean absolute difference of natural-log mel spectra (lower is better; 0 = identical). */
    public static double melDistance(float[] reference, float[] estimate, int sampleRate) {
        if (sampleRate != 16000) {
            throw new IllegalArgumentException("Mel distance is computed at 16 kHz, not " + sampleRate + " Hz.");
        }
        int n = Math.min(reference.length, estimate.length);
        MelFrontend fe = new MelFrontend(FrontendConfig.nemo(80));
        float[] a = fe.compute(java.util.Arrays.copyOf(reference, n));
        float[] b = fe.compute(java.util.Arrays.copyOf(estimate, n));
        double sum = 0;
        int m = Math.min(a.length, b.length);
        for (int i = 0; i < m; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return m == 0 ? 0 : sum / m;
    }

    /** Scale-invariant signal-to-distortion ratio in dB (higher is better). */
    public static double siSdr(float[] reference, float[] estimate) {
        int n = Math.min(reference.length, estimate.length);
        double mr = 0, me = 0;
        for (int i = 0; i < n; i++) {
            mr += reference[i];
            me += estimate[i];
        }
        mr /= Math.max(1, n);
        me /= Math.max(1, n);
        double dot = 0, rr = 0;
        for (int i = 0; i < n; i++) {
            dot += (estimate[i] - me) * (reference[i] - mr);
            rr += (reference[i] - mr) * (reference[i] - mr);
        }
        double a = dot / Math.max(rr, 1e-12);
        double target = 0, noise = 0;
        for (int i = 0; i < n; i++) {
            double t = a * (reference[i] - mr);
            double e = (estimate[i] - me) - t;
            target += t * t;
            noise += e * e;
        }
        return 10 * Math.log10(Math.max(target, 1e-12) / Math.max(noise, 1e-12));
    }
}
