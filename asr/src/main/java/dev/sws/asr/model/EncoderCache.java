package dev.sws.asr.model;

/** One stream's encoder caches ({@code cache_last_channel}, {@code cache_last_time}, valid length). */
public final class EncoderCache {
    private final float[] channel;
    private final float[] time;
    private long length;

    public EncoderCache(float[] channel, float[] time, long length) {
        this.channel = channel;
        this.time = time;
        this.length = length;
    }

    public float[] channel() {
        return channel;
    }

    public float[] time() {
        return time;
    }

    public long length() {
        return length;
    }

    void setLength(long l) {
        length = l;
    }

    /** Back to the all-zero state (after an endpoint). */
    public void reset() {
        java.util.Arrays.fill(channel, 0);
        java.util.Arrays.fill(time, 0);
        length = 0;
    }
}
