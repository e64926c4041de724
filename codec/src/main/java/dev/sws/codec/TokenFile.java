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
 * "SWSTOK" u8 version(2) u8 reserved | u16 id length, id (UTF-8) | i32 sample rate, i32 hop, i32 Q, i32 codebook size,
 * i32 T | Q × T codes, codebook-major, each in B = ⌈log2(codebook size)⌉ bits, packed least significant bit first,
 * the last byte padded with zeros | u32 CRC-32 of everything before  (little-endian)
 * </pre>
 * Codes take their real width: a 1024-entry codebook stores 10 bits per code, so the file's size matches the codec's
 * bitrate. Version 1 files (each code a u16) are still read.
 *
 * @param codecId      the codec that made the tokens
 * @param sampleRate   audio sample rate of that codec
 * @param hop          samples per frame
 * @param codebookSize ids are 0 … size − 1
 * @param codes        Q × T
 */
public record TokenFile(String codecId, int sampleRate, int hop, int codebookSize, int[][] codes) {

    private static final byte[] MAGIC = "SWSTOK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;

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
        int bits = bits(codebookSize);
        byte[] body = new byte[(int) ((bits * (long) codes.length * frames() + 7) / 8)];
        long at = 0;
        for (int[] row : codes) {
            for (int c : row) {
                for (int k = 0; k < bits; k++, at++) {
                    if ((c >>> k & 1) != 0) {
                        body[(int) (at >>> 3)] |= (byte) (1 << (at & 7));
                    }
                }
            }
        }
        bytes.write(body);
        CRC32 crc = new CRC32();
        byte[] all = bytes.toByteArray();
        crc.update(all);
        bytes.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        AtomicFiles.writeBytes(file, bytes.toByteArray());
    }

    /** Bits per code for a codebook of {@code size} entries (at least 1). */
    static int bits(int size) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(size - 1));
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
        if (version != 1 && version != VERSION) {
            throw new IllegalArgumentException(name + " is a .tokens file of version " + version + "; this build reads versions 1 and "
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
            if (size > 65536) {
                throw new IllegalArgumentException(name + " has an invalid header (codebook size " + size + ").");
            }
            int bits = version == 1 ? 16 : bits(size);
            long need = (long) b.position() + (bits * (long) q * t + 7) / 8 + 4;
            if (all.length < need) {
                throw new IllegalArgumentException(name + " is truncated: " + all.length + " bytes, the header promises " + need
                        + " (" + q + " × " + t + " tokens).");
            }
            int[][] codes = new int[q][t];
            long at = 8L * b.position();
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < t; j++) {
                    int c = 0;
                    for (int k = 0; k < bits; k++, at++) {
                        c |= (all[(int) (at >>> 3)] >>> (at & 7) & 1) << k;
                    }
                    codes[i][j] = c;   // version 1: a little-endian u16 reads the same bit by bit
                }
            }
            int end = (int) ((at + 7) >>> 3);
            b.position(end);
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
        long[] flat = new long[codes.length * frames()];
        for (int q = 0; q < codes.length; q++) {
            for (int t = 0; t < frames(); t++) {
                flat[q * frames() + t] = codes[q][t];
            }
        }
        return dev.sws.core.util.Npy.encode(flat, codes.length, frames());
    }

    /**
     * Tokens from any file {@code sws codec encode} writes: a {@code .tokens} file or its JSON (both name their codec),
     * or a {@code .npy} array of shape (Q, T) (int64 or int32, e.g. tokens an LM generated), which holds codes only
     * and is bound to {@code codecForCodes}. Every defect is a plain sentence naming the file.
     */
    public static TokenFile load(Path file, java.util.function.Supplier<CodecModel.CodecInfo> codecForCodes) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String name = file.getFileName().toString();
        if (n >= 6 && (head[0] & 0xFF) == 0x93 && new String(head, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            dev.sws.core.util.Npy.Array a;
            try {
                a = dev.sws.core.util.Npy.read(file);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(name + " is not a readable .npy array (" + e.getMessage() + ").");
            }
            if (a.longs() == null || a.shape().length != 2) {
                throw new IllegalArgumentException(name + " must hold integer codes of shape (codebooks, frames); it has "
                        + (a.longs() == null ? "floats" : "shape " + java.util.Arrays.toString(a.shape())) + ".");
            }
            int q = (int) a.shape()[0];
            int t = (int) a.shape()[1];
            int[][] codes = new int[q][t];
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < t; j++) {
                    long v = a.longs()[i * t + j];
                    codes[i][j] = v < 0 || v > Integer.MAX_VALUE ? -1 : (int) v;   // out of range: checkCodes names it
                }
            }
            return of(codecForCodes.get(), codes);
        }
        int first = 0;
        while (first < n && Character.isWhitespace(head[first])) {
            first++;
        }
        return first < n && head[first] == '{' ? fromJson(file) : read(file);
    }

    /** The JSON that {@link #toJson()} writes. */
    static TokenFile fromJson(Path file) throws IOException {
        String name = file.getFileName().toString();
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = dev.sws.core.util.Json.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(name + " is not valid JSON (" + e.getOriginalMessage() + ").");
        }
        var codesNode = root.path("codes");
        if (!root.path("codec").isTextual() || !root.path("sample_rate").canConvertToInt() || !root.path("hop").canConvertToInt()
                || !root.path("codebook_size").canConvertToInt() || !codesNode.isArray() || codesNode.isEmpty()
                || root.get("sample_rate").asInt() <= 0 || root.get("hop").asInt() <= 0 || root.get("codebook_size").asInt() < 2) {
            throw new IllegalArgumentException(name + " is not a token file: it needs codec, sample_rate, hop, codebook_size (all positive) and codes.");
        }
        int[][] codes = new int[codesNode.size()][];
        for (int q = 0; q < codes.length; q++) {
            var row = codesNode.get(q);
            codes[q] = new int[row.size()];
            for (int t = 0; t < row.size(); t++) {
                if (!row.get(t).canConvertToInt()) {
                    throw new IllegalArgumentException(name + ": codebook " + q + ", frame " + t + " is not an integer code.");
                }
                codes[q][t] = row.get(t).asInt();
            }
            if (codes[q].length != codes[0].length) {
                throw new IllegalArgumentException(name + ": the codebooks have different lengths (" + codes[0].length + " and "
                        + codes[q].length + " frames).");
            }
        }
        return new TokenFile(root.get("codec").asText(), root.get("sample_rate").asInt(), root.get("hop").asInt(),
                root.get("codebook_size").asInt(), codes);
    }
}
