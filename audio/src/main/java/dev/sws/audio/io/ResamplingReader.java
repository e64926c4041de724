package dev.sws.audio.io;

import dev.sws.audio.dsp.StreamingResampler;

import java.io.IOException;

/** Wraps an {@link AudioReader} and converts it to {@code targetRate} on the fly (constant memory). */
public final class ResamplingReader implements AudioReader {

    private final AudioReader source;
    private final StreamingResampler resampler;
    private final float[] inBuf = new float[8192];
    private float[] pending = new float[0];
    private int pendingPos;
    private boolean eof;

    public ResamplingReader(AudioReader source, int targetRate) {
        this.source = source;
        this.resampler = new StreamingResampler(source.sampleRate(), targetRate);
    }

    @Override
    public int sampleRate() {
        return resampler.toRate();
    }

    @Override
    public double durationSeconds() {
        return source.durationSeconds();
    }

    @Override
    public double declaredSeconds() {
        return source.declaredSeconds();
    }

    @Override
    public int read(float[] buf, int off, int len) throws IOException {
        while (pendingPos >= pending.length) {
            if (eof) {
                return -1;
            }
            int n = source.read(inBuf, 0, inBuf.length);
            if (n < 0) {
                eof = true;
                pending = resampler.process(inBuf, 0, 0, true);
            } else {
                pending = resampler.process(inBuf, 0, n, false);
            }
            pendingPos = 0;
        }
        int n = Math.min(len, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, buf, off, n);
        pendingPos += n;
        return n;
    }

    @Override
    public void close() {
        source.close();
    }
}
