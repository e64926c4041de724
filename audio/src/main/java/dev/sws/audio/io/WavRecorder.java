package dev.sws.audio.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends live audio to a WAV file as it arrives. The header's sizes are rewritten and the file forced to disk
 * about once a second, so after a crash the file is a valid WAV holding everything up to the last second.
 * Thread-confined: call {@link #append} from one thread.
 */
public final class WavRecorder implements AutoCloseable {

    private final Path file;
    private final int sampleRate;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private long lastSync;

    public WavRecorder(Path file, int sampleRate) throws IOException {
        this.file = file;
        this.sampleRate = sampleRate;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(WavWriter.header(sampleRate, 0)));
    }

    public Path file() {
        return file;
    }

    public double secondsWritten() {
        return dataBytes / 2.0 / sampleRate;
    }

    public void append(float[] samples, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            if (buf.remaining() < 2) {
                flushBuffer();
            }
            buf.putShort(WavWriter.toPcm16(samples[i]));
        }
        flushBuffer();
        if (dataBytes - lastSync >= sampleRate * 2L) {
            sync();
        }
    }

    private void flushBuffer() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            dataBytes += ch.write(buf, 44 + dataBytes);
        }
        buf.clear();
    }

    /** Rewrites the header with the current length and forces data to disk. */
    public void sync() throws IOException {
        ch.write(ByteBuffer.wrap(WavWriter.header(sampleRate, dataBytes)), 0);
        ch.force(false);
        lastSync = dataBytes;
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            ch.close();
        }
    }
}
