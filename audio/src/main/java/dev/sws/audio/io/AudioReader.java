package dev.sws.audio.io;

import java.io.IOException;

/** A pull source of mono float samples at a fixed rate. Close it to release native resources. */
public interface AudioReader extends AutoCloseable {

    int sampleRate();

    /** Duration in seconds if known, else a negative value. */
    double durationSeconds();

    /**
     * The audio stream's length as its container states it (sample counts, an index), or a negative value when it is
     * unknown or only estimated (e.g. from the bit rate). Audio that ends well before it was cut short.
     */
    default double declaredSeconds() {
        return -1;
    }

    /**
     * Reads up to {@code len} samples into {@code buf[off..]}.
     *
     * @return the number of samples read, or -1 at the end of the stream
     */
    int read(float[] buf, int off, int len) throws IOException;

    @Override
    void close();
}
