package dev.sws.audio.features;

/**
 * Computes log-mel frames (see {@link FrontendConfig}). Pure computation, no ONNX Runtime; one instance per
 * thread (it holds scratch buffers).
 */
public final class MelFrontend {

    private final FrontendConfig cfg;
    private final double[] window;
    private final Fft fft;
    private final MelFilterbank mel;
    private final double[] re;
    private final double[] im;
    private final double[] power;
    private final double[] energies;

    public MelFrontend(FrontendConfig cfg) {
        this.cfg = cfg;
        int n = cfg.frameLength();
        window = new double[n];
        for (int i = 0; i < n; i++) { // periodic Hann, as torch.hann_window(periodic=True)
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        fft = new Fft(cfg.fftSize());
        mel = new MelFilterbank(cfg);
        re = new double[cfg.fftSize()];
        im = new double[cfg.fftSize()];
        power = new double[cfg.fftSize() / 2 + 1];
        energies = new double[cfg.numMels()];
    }

    public FrontendConfig config() {
        return cfg;
    }

    /** Computes the frame starting at {@code samples[start]} into {@code out[outOff .. outOff+numMels)}. */
    public void computeFrame(float[] samples, int start, float[] out, int outOff) {
        int n = cfg.frameLength();
        double mean = 0;
        if (cfg.removeDc()) {
            for (int i = 0; i < n; i++) {
                mean += samples[start + i];
            }
            mean /= n;
        }
        double a = cfg.preemph();
        for (int i = n - 1; i > 0; i--) {
            re[i] = (samples[start + i] - mean) - a * (samples[start + i - 1] - mean);
        }
        re[0] = (samples[start] - mean) * (1 - a);
        for (int i = 0; i < n; i++) {
            re[i] *= window[i];
        }
        java.util.Arrays.fill(re, n, re.length, 0);
        java.util.Arrays.fill(im, 0);
        fft.forward(re, im);
        for (int k = 0; k < power.length; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
        mel.apply(power, energies);
        double floor = cfg.logFloor();
        for (int m = 0; m < energies.length; m++) {
            out[outOff + m] = (float) Math.log(Math.max(energies[m], floor));
        }
    }

    /** All frames of a clip, row-major (frames × numMels). */
    public float[] compute(float[] samples) {
        int frames = cfg.numFrames(samples.length);
        float[] out = new float[frames * cfg.numMels()];
        for (int f = 0; f < frames; f++) {
            computeFrame(samples, f * cfg.frameShift(), out, f * cfg.numMels());
        }
        return out;
    }
}
