package dev.sws.audio.dsp;

import be.tarsos.dsp.resample.Resampler;

import java.util.Arrays;

/**
 * Sample-rate conversion with TarsosDSP's windowed-sinc resampler (libresample port), usable on a stream of
 * blocks: state carries across calls, so block boundaries leave no artefacts. Not thread-safe.
 */
public final class StreamingResampler {

    private final int fromRate;
    private final int toRate;
    private final double factor;
    private final Resampler resampler;
    private float[] out = new float[4096];

    public StreamingResampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.factor = toRate / (double) fromRate;
        this.resampler = fromRate == toRate ? null : new Resampler(true, factor, factor);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /**
     * Converts one block. Returns the output produced so far for it (may be shorter than {@code len * factor}
     * while the filter fills; {@code last = true} flushes the tail).
     */
    public float[] process(float[] in, int off, int len, boolean last) {
        if (resampler == null) {
            return Arrays.copyOfRange(in, off, off + len);
        }
        int cap = (int) Math.ceil(len * factor) + 256 + (last ? resampler.getFilterWidth() * 2 + 64 : 0);
        if (out.length < cap) {
            out = new float[cap];
        }
        int produced = 0;
        int consumed = 0;
        while (true) {
            Resampler.Result r = resampler.process(factor, in, off + consumed, len - consumed, last, out, produced, out.length - produced);
            consumed += r.inputSamplesConsumed;
            produced += r.outputSamplesGenerated;
            if (consumed >= len && (!last || r.outputSamplesGenerated == 0)) {
                break;
            }
            if (r.inputSamplesConsumed == 0 && r.outputSamplesGenerated == 0) {
                break;
            }
            if (produced >= out.length - 16) {
                out = Arrays.copyOf(out, out.length * 2);
            }
        }
        return Arrays.copyOf(out, produced);
    }

    /** Resamples a whole clip. */
    public static float[] resample(float[] samples, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return samples.clone();
        }
        StreamingResampler r = new StreamingResampler(fromRate, toRate);
        float[] result = r.process(samples, 0, samples.length, true);
        int expected = (int) Math.round(samples.length * (double) toRate / fromRate);
        return result.length == expected ? result : Arrays.copyOf(result, expected);
    }
}
