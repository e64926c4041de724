package dev.sws.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Mono floating-point PCM in [-1, 1] at a known sample rate. The array is owned by this value: callers must not
 * modify it after construction (engines copy when they need to).
 *
 * @param samples    mono samples
 * @param sampleRate samples per second
 */
public record PcmAudio(float[] samples, int sampleRate) {

    public PcmAudio {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    public int length() {
        return samples.length;
    }

    /** A copy of the samples between two times in seconds (clamped to the clip). */
    public PcmAudio slice(double fromSeconds, double toSeconds) {
        int a = (int) Math.max(0, Math.min(samples.length, Math.round(fromSeconds * sampleRate)));
        int b = (int) Math.max(a, Math.min(samples.length, Math.round(toSeconds * sampleRate)));
        return new PcmAudio(Arrays.copyOfRange(samples, a, b), sampleRate);
    }

    public static PcmAudio silence(double seconds, int sampleRate) {
        return new PcmAudio(new float[(int) Math.round(seconds * sampleRate)], sampleRate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmAudio p && p.sampleRate == sampleRate && Arrays.equals(p.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + sampleRate;
    }

    @Override
    public String toString() {
        return "PcmAudio[" + samples.length + " samples @ " + sampleRate + " Hz, " + String.format("%.2f s", durationSeconds()) + "]";
    }
}
