package dev.sws.audio.dsp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lock-free single-producer/single-consumer ring buffer of floats (the capture thread writes, one consumer
 * reads). When the consumer falls behind by more than the capacity, the producer overwrites the oldest audio and
 * the loss is counted ({@link #overruns()}), so capture never blocks.
 */
public final class FloatRingBuffer {

    private final float[] data;
    private final int mask;
    private final AtomicLong writePos = new AtomicLong();
    /** Position up to which the producer may be writing (set before the data, published after it). */
    private final AtomicLong claimPos = new AtomicLong();
    private final AtomicLong readPos = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();

    /** @param capacityPow2 capacity, rounded up to a power of two */
    public FloatRingBuffer(int capacityPow2) {
        int cap = Integer.highestOneBit(Math.max(2, capacityPow2 - 1)) << 1;
        data = new float[cap];
        mask = cap - 1;
    }

    public int capacity() {
        return data.length;
    }

    /** Producer side: appends {@code len} samples. */
    public void write(float[] src, int off, int len) {
        long w = writePos.get();
        claimPos.set(w + len);
        for (int i = 0; i < len; i++) {
            data[(int) ((w + i) & mask)] = src[off + i];
        }
        long nw = w + len;
        writePos.lazySet(nw);
        long r = readPos.get();
        if (nw - r > data.length) { // consumer too slow: drop the oldest audio
            long lost = nw - r - data.length;
            if (readPos.compareAndSet(r, r + lost)) {
                overruns.addAndGet(lost);
            }
        }
    }

    /** Consumer side: reads up to {@code len} samples; returns how many were read (0 if empty). */
    public int read(float[] dst, int off, int len) {
        while (true) {
            long r = readPos.get();
            long w = writePos.get();
            int n = (int) Math.min(len, w - r);
            if (n <= 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                dst[off + i] = data[(int) ((r + i) & mask)];
            }
            // if the producer may have overwritten what we copied (it claimed slots a full lap ahead), or moved
            // readPos forward because of an overrun, retry from the new position
            if (claimPos.get() - r <= data.length && readPos.compareAndSet(r, r + n)) {
                return n;
            }
            if (claimPos.get() - r > data.length) {
                readPos.compareAndSet(r, Math.max(r, claimPos.get() - data.length));
            }
        }
    }

    public int available() {
        return (int) (writePos.get() - readPos.get());
    }

    /** Samples lost because the consumer was too slow. */
    public long overruns() {
        return overruns.get();
    }
}
