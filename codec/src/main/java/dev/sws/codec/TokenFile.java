package dev.sws.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import dev.sws.core.util.AtomicFiles;
import java.util.zip.CRC32;

/**
 * The {@code .tokens} container: a small header naming the codec and its framing, the codes, and a CRC-32, so that
 * tokens are never decoded by the wrong codec and a truncated or damaged file is reported, not played as noise.
 *
 * <pre>
 * "SWSTOK" u8 version(1) u8 reserved | u16 id length, id (UTF-8) | i32 sample rate, i32 hop, i32 Q, i32 codebook size,
 * i32 T | Q × T codes, u16 (codebook size ≤ 65536), codebook-major | u32 CRC-32 of everything before  (little-endian)
 * </pre>
 *
 * @param codecId      the codec that made the tokens
 * @param sampleRate   audio sample rate of that codec
 * @param hop          samples per frame
 * @param codebookSize ids are 0 … size − 1
 * @param codes        Q × T
 */
public record TokenFile(String codecId, int sampleRate, int hop, int codebookSize, int[][] codes) {

    private static final byte[] MAGIC = "SWSTOK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    public int frames() {
        return codes.length == 0 ? 0 : codes[0].length;
    }

    public double seconds() {
        return (double) frames() * hop / sampleRate;
    }

    public double frameRate() {
        return (double) sampleRate / hop;
    }

    public double bitrate() {
        return CodecModel.CodecInfo.bitrate(sampleRate, hop, codes.length, codebookSize);
    }

    public static TokenFile of(CodecModel.CodecInfo info, int[][] codes) {
        info.checkCodes(codes);
        return new TokenFile(info.id(), info.sampleRate(), info.hop(), info.codebookSize(), codes);
    }

    /** Fails with a plain sentence when these tokens cannot be decoded by {@code info}'s codec. */
    public void requireCompatible(CodecModel.CodecInfo info) {
        if (!codecId.equals(info.id()) || sampleRate != info.sampleRate() || hop != info.hop()
                || codebookSize != info.codebookSize() || codes.length != info.codebooks()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "These tokens come from codec '%s' (%d Hz, hop %d, %d × %d codes); the loaded codec is '%s' (%d Hz, hop %d, %d × %d).",
                    codecId, sampleRate, hop, codes.length, codebookSize, info.id(), info.sampleRate(), info.hop(),
                    info.codebooks(), info.codebookSize()));
        }
        info.checkCodes(codes);
    }

    /** Writes atomically (temporary file in the same folder, then rename). */
    public void write(Path file) throws IOException {
        if (codebookSize > 65536) {
            throw new IllegalArgumentException("Codebooks larger than 65536 entries do not fit the .tokens format.");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] id = codecId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 2 + 2 + id.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) VERSION).put((byte) 0).putShort((short) id.length).put(id)
                .putInt(sampleRate).putInt(hop).putInt(codes.length).putInt(codebookSize).putInt(frames());
        bytes.write(head.array());
        ByteBuffer body = ByteBuffer.allocate(codes.length * frames() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : codes) {
            for (int c : row) {
                body.putShort((short) c);
            }
        }
        bytes.write(body.array());
        CRC32 crc = new CRC32();
        byte[] all = bytes.toByteArray();
        crc.update(all);
        bytes.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        AtomicFiles.writeBytes(file, bytes.toByteArray());
    }

    /** Reads and checks a token file; every defect is a plain sentence naming the file. */
    public static TokenFile read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < MAGIC.length + 4 || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(name + " is not a .tokens file (no SWSTOK header).");
        }
        b.position(MAGIC.length);
        int version = b.get();
        b.get();
        if (version != VERSION) {
            throw new IllegalArgumentException(name + " is a .tokens file of version " + version + "; this build reads version "
                    + VERSION + ".");
        }
        try {
            byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(id);
            int sr = b.getInt();
            int hop = b.getInt();
            int q = b.getInt();
            int size = b.getInt();
            int t = b.getInt();
            if (q <= 0 || q > 64 || t < 0 || size < 2) {
                throw new IllegalArgumentException(name + " has an invalid header (" + q + " codebooks, " + t + " frames).");
            }
            long need = (long) b.position() + 2L * q * t + 4;
            if (all.length < need) {
                throw new IllegalArgumentException(name + " is truncated: " + all.length + " bytes, the header promises " + need
                        + " (" + q + " × " + t + " tokens).");
            }
            int[][] codes = new int[q][t];
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < t; j++) {
                    codes[i][j] = Short.toUnsignedInt(b.getShort());
                }
            }
            int end = b.position();
            CRC32 crc = new CRC32();
            crc.update(all, 0, end);
            if ((int) crc.getValue() != b.getInt()) {
                throw new IllegalArgumentException(name + " is damaged (checksum mismatch).");
            }
            return new TokenFile(new String(id, StandardCharsets.UTF_8), sr, hop, size, codes);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException(name + " is truncated inside its header.");
        }
    }

    /** JSON: {"codec", "sample_rate", "hop", "frame_rate", "codebook_size", "codes": [[…] per codebook]}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(32 + frames() * codes.length * 5);
        sb.append(String.format(Locale.ROOT, "{\"codec\":\"%s\",\"sample_rate\":%d,\"hop\":%d,\"frame_rate\":%s,\"codebook_size\":%d,\"codes\":[",
                codecId.replace("\\", "\\\\").replace("\"", "\\\""), sampleRate, hop, Double.toString(frameRate()), codebookSize));
        for (int q = 0; q < codes.length; q++) {
            sb.append(q == 0 ? "[" : ",[");
            for (int t = 0; t < codes[q].length; t++) {
                if (t > 0) {
                    sb.append(',');
                }
                sb.append(codes[q][t]);
            }
            sb.append(']');
        }
        return sb.append("]}\n").toString();
    }

    /** NumPy {@code .npy} (version 1.0): int64 array of shape (Q, T), loadable with {@code numpy.load}. */
    public byte[] toNpy() {
        String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + codes.length + ", " + frames() + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * codes.length * frames()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int[] row : codes) {
            for (int c : row) {
                b.putLong(c);
            }
        }
        return b.array();
    }
}
