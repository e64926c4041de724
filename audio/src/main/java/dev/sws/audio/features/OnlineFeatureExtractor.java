package dev.sws.audio.features;

import java.util.Arrays;

/**
 * Streaming log-mel extraction: accept samples in blocks of any size, read frames by their absolute index.
 * Frames already consumed can be discarded, so memory stays bounded on endless streams. The output is identical
 * to {@link MelFrontend#compute} on the concatenated input.
 */
public final class OnlineFeatureExtractor {

    private final MelFrontend frontend;
    private final FrontendConfig cfg;
    private float[] samples = new float[16000];
    private int sampleCount;        // valid samples in 'samples'
    private long sampleOffset;      // absolute index of samples[0]
    private float[] frames = new float[0];
    private int frameCount;         // valid frames in 'frames'
    private int frameOffset;        // absolute index of frames[0]
    private boolean finished;

    public OnlineFeatureExtractor(FrontendConfig cfg) {
        this.cfg = cfg;
        this.frontend = new MelFrontend(cfg);
        this.frames = new float[64 * cfg.numMels()];
    }

    public FrontendConfig config() {
        return cfg;
    }

    public int numMels() {
        return cfg.numMels();
    }

    /** Appends samples and computes every frame that is now complete. */
    public void accept(float[] s, int off, int len) {
        if (finished) {
            throw new IllegalStateException("input already finished");
        }
        if (sampleCount + len > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(sampleCount + len, samples.length * 2));
        }
        System.arraycopy(s, off, samples, sampleCount, len);
        sampleCount += len;
        long next = (long) (frameOffset + frameCount) * cfg.frameShift();
        while (next + cfg.frameLength() <= sampleOffset + sampleCount) {
            ensureFrameCapacity(frameCount + 1);
            frontend.computeFrame(samples, (int) (next - sampleOffset), frames, frameCount * cfg.numMels());
            frameCount++;
            next += cfg.frameShift();
        }
        // drop samples no future frame needs
        int drop = (int) Math.max(0, next - sampleOffset);
        if (drop > 0 && drop <= sampleCount) {
            System.arraycopy(samples, drop, samples, 0, sampleCount - drop);
            sampleCount -= drop;
            sampleOffset += drop;
        }
    }

    /** Marks the end of input (further frames are not produced: snip-edges framing drops partial frames). */
    public void inputFinished() {
        finished = true;
    }

    public boolean isFinished() {
        return finished;
    }

    /** Absolute index one past the last computed frame. */
    public int framesReady() {
        return frameOffset + frameCount;
    }

    /** Absolute index of the oldest frame still held. */
    public int firstFrame() {
        return frameOffset;
    }

    /**
     * Copies frames {@code [start, start+count)} into {@code dst} (row-major); frames past the end are filled
     * with {@code pad}. Frames before {@link #firstFrame()} are gone and cannot be read.
     */
    public void copyFrames(int start, int count, float[] dst, int dstOff, float pad) {
        if (start < frameOffset) {
            throw new IllegalArgumentException("frame " + start + " was already discarded (oldest is " + frameOffset + ")");
        }
        int m = cfg.numMels();
        int avail = Math.max(0, Math.min(count, frameOffset + frameCount - start));
        System.arraycopy(frames, (start - frameOffset) * m, dst, dstOff, avail * m);
        Arrays.fill(dst, dstOff + avail * m, dstOff + count * m, pad);
    }

    /** Forgets frames before absolute index {@code frame}. */
    public void discardBefore(int frame) {
        int n = Math.min(frameCount, frame - frameOffset);
        if (n <= 0) {
            return;
        }
        int m = cfg.numMels();
        System.arraycopy(frames, n * m, frames, 0, (frameCount - n) * m);
        frameCount -= n;
        frameOffset += n;
    }

    private void ensureFrameCapacity(int nFrames) {
        int need = nFrames * cfg.numMels();
        if (need > frames.length) {
            frames = Arrays.copyOf(frames, Math.max(need, frames.length * 2));
        }
    }
}
