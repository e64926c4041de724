package dev.sws.core.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal NumPy {@code .npy} reader/writer for little-endian, C-order arrays: float32 and int64 (and int32, read). */
public final class Npy {

    /** An array: shape plus data as float[] or long[]. */
    public record Array(long[] shape, float[] floats, long[] longs) {
        public int size() {
            return floats != null ? floats.length : longs.length;
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static Array read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 10 || (all[0] & 0xFF) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a .npy file");
        }
        int major = all[6];
        int headerLen;
        int dataStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            dataStart = 10 + headerLen;
        } else {
            headerLen = all.length < 12 ? -1 : bb.getInt(8);
            dataStart = 12 + headerLen;
        }
        if (headerLen < 0 || dataStart > all.length) {
            throw new IOException("its header runs past the end of the file");
        }
        String header = new String(all, dataStart - headerLen, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IOException("malformed .npy header: " + header);
        }
        if (o.group(1).equals("True")) {
            throw new IOException("Fortran-ordered .npy arrays are not supported");
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long count = 1;
        try {
            for (long dim : shape) {
                if (dim < 0) {
                    throw new IOException("its shape " + Arrays.toString(shape) + " has a negative dimension");
                }
                count = Math.multiplyExact(count, dim);
            }
        } catch (ArithmeticException e) {
            throw new IOException("its shape " + Arrays.toString(shape) + " is too large");
        }
        int itemSize = switch (d.group(1)) {
            case "<f4", "<i4" -> 4;
            case "<i8" -> 8;
            default -> throw new IOException("unsupported .npy dtype " + d.group(1) + " (float32, int32 and int64 only)");
        };
        // the declared shape must match the data actually there, before anything is allocated for it
        if (count > (all.length - dataStart) / itemSize) {
            throw new IOException("its shape " + Arrays.toString(shape) + " declares " + count + " values, but the file holds "
                    + (all.length - dataStart) / itemSize);
        }
        bb.position(dataStart);
        switch (d.group(1)) {
            case "<f4" -> {
                float[] f = new float[(int) count];
                bb.asFloatBuffer().get(f);
                return new Array(shape, f, null);
            }
            case "<i8" -> {
                long[] l = new long[(int) count];
                bb.asLongBuffer().get(l);
                return new Array(shape, null, l);
            }
            case "<i4" -> {   // read as long[] (e.g. int32 token ids)
                long[] l = new long[(int) count];
                java.nio.IntBuffer ib = bb.asIntBuffer();
                for (int i = 0; i < l.length; i++) {
                    l[i] = ib.get(i);
                }
                return new Array(shape, null, l);
            }
            default -> throw new IOException("unsupported .npy dtype " + d.group(1) + " (float32, int32 and int64 only)");
        }
    }

    public static byte[] encode(float[] data, long... shape) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        return withHeader("<f4", shape, bb.array());
    }

    public static byte[] encode(long[] data, long... shape) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(data);
        return withHeader("<i8", shape, bb.array());
    }

    private static byte[] withHeader(String descr, long[] shape, byte[] data) {
        StringBuilder sh = new StringBuilder();
        for (long d : shape) {
            sh.append(d).append(", ");
        }
        if (shape.length > 1) {
            sh.setLength(sh.length() - 2);
        } else if (shape.length == 1) {
            sh.setLength(sh.length() - 1);
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
