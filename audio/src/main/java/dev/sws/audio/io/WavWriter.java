package dev.sws.audio.io;

import dev.sws.audio.PcmAudio;
import dev.sws.core.util.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Writes 16-bit PCM mono WAV files atomically (temporary file + rename). */
public final class WavWriter {

    private WavWriter() {
    }

    public static void write(Path file, PcmAudio audio) throws IOException {
        AtomicFiles.write(file, out -> write(out, audio));
    }

    public static void write(OutputStream out, PcmAudio audio) throws IOException {
        float[] s = audio.samples();
        out.write(header(audio.sampleRate(), (long) s.length * 2));
        ByteBuffer bb = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : s) {
            if (!bb.hasRemaining()) {
                out.write(bb.array(), 0, bb.position());
                bb.clear();
            }
            bb.putShort(toPcm16(v));
        }
        out.write(bb.array(), 0, bb.position());
    }

    /** The 44-byte header of a mono 16-bit PCM WAV file with {@code dataBytes} of samples. */
    static byte[] header(int sampleRate, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        long riff = Math.min(0xFFFFFFFFL, 36 + dataBytes);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) riff)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        return h.array();
    }

    /** Clamps and rounds a float sample to signed 16-bit. */
    public static short toPcm16(float v) {
        float c = Math.max(-1f, Math.min(1f, v));
        return (short) Math.round(c * 32767f);
    }
}
