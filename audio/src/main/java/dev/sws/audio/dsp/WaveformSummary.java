package dev.sws.audio.dsp;

/**
 * Min/max per bucket of a clip, for drawing a waveform at any width without touching every sample on the UI
 * thread. Built once (off the FX thread), then {@link #resample(int)}d for the view width.
 *
 * @param min           per-bucket minimum
 * @param max           per-bucket maximum
 * @param samplesPerBin samples summarised by each bucket
 * @param sampleRate    sample rate of the source
 */
public record WaveformSummary(float[] min, float[] max, int samplesPerBin, int sampleRate) {

    /** Summarises {@code samples} into buckets of {@code samplesPerBin}. */
    public static WaveformSummary of(float[] samples, int sampleRate, int samplesPerBin) {
        int bins = Math.max(1, (samples.length + samplesPerBin - 1) / samplesPerBin);
        float[] mn = new float[bins];
        float[] mx = new float[bins];
        for (int b = 0; b < bins; b++) {
            int from = b * samplesPerBin;
            int to = Math.min(samples.length, from + samplesPerBin);
            float lo = 0;
            float hi = 0;
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            mn[b] = lo;
            mx[b] = hi;
        }
        return new WaveformSummary(mn, mx, samplesPerBin, sampleRate);
    }

    public int bins() {
        return min.length;
    }

    public double durationSeconds() {
        return (double) min.length * samplesPerBin / sampleRate;
    }

    /** A coarser summary with {@code width} buckets (for a view {@code width} pixels wide). */
    public WaveformSummary resample(int width) {
        if (width <= 0 || width >= min.length) {
            return this;
        }
        float[] mn = new float[width];
        float[] mx = new float[width];
        for (int x = 0; x < width; x++) {
            int from = (int) ((long) x * min.length / width);
            int to = (int) Math.max(from + 1, (long) (x + 1) * min.length / width);
            float lo = 0;
            float hi = 0;
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, min[i]);
                hi = Math.max(hi, max[i]);
            }
            mn[x] = lo;
            mx[x] = hi;
        }
        return new WaveformSummary(mn, mx, (int) Math.max(1, (long) samplesPerBin * min.length / width), sampleRate);
    }
}
