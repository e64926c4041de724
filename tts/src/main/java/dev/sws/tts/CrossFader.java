package dev.sws.tts;

import java.util.Arrays;

/**
 * Joins separately rendered chunks: holds back the last {@code overlap} samples of each chunk and blends them with the
 * start of the next (equal-power fade), so chunk boundaries neither click nor drop sound. Chunks are emitted as soon
 * as they are pushed, minus the held tail; {@link #finish()} returns the tail of the last one.
 */
public final class CrossFader {

    private final int overlap;
    private float[] tail = new float[0];

    public CrossFader(int overlap) {
        this.overlap = Math.max(0, overlap);
    }

    /** The playable part of {@code chunk} after blending it with the previous chunk's tail. */
    public float[] push(float[] chunk) {
        float[] x = chunk.clone();
        int n = Math.min(tail.length, x.length);
        for (int i = 0; i < n; i++) {
            double a = (i + 0.5) / n;
            x[i] = (float) (tail[tail.length - n + i] * Math.cos(a * Math.PI / 2) + x[i] * Math.sin(a * Math.PI / 2));
        }
        float[] head = n < tail.length ? Arrays.copyOf(tail, tail.length - n) : new float[0];
        int keep = Math.min(overlap, x.length / 2);
        tail = Arrays.copyOfRange(x, x.length - keep, x.length);
        float[] body = Arrays.copyOf(x, x.length - keep);
        if (head.length == 0) {
            return body;
        }
        float[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    public float[] finish() {
        float[] t = tail;
        tail = new float[0];
        return t;
    }
}
