package dev.sws.asr.mlm;

import dev.sws.core.onnx.ProtoReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The directory of a TensorFlow checkpoint ("tensor bundle"): {@code variables.index} is an SSTable (LevelDB table
 * format, uncompressed blocks) whose keys are tensor names and whose values are {@code BundleEntryProto} records
 * saying where each tensor lies in the data file ({@code variables.data-00000-of-00001}): dtype, shape, shard,
 * offset, size. Only what reading a float checkpoint needs; the tensors themselves stay in the data file.
 */
public final class TensorBundle {
    /** One tensor of the bundle. {@code dtype} is TensorFlow's {@code DataType} (1: float32). */
    public record Tensor(String name, int dtype, long[] shape, int shard, long offset, long size) {
        public long elements() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;

    private final Map<String, Tensor> tensors;

    private TensorBundle(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Tensors by name, in key order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Tensor require(String name) throws IOException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IOException("the checkpoint has no tensor " + name);
        }
        return t;
    }

    public static TensorBundle read(Path index) throws IOException {
        byte[] b = Files.readAllBytes(index);
        String what = index.toString();
        if (b.length < FOOTER || ByteBuffer.wrap(b, b.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != MAGIC) {
            throw new IOException(what + " is not a TensorFlow checkpoint index (no table footer).");
        }
        Cursor footer = new Cursor(b, b.length - FOOTER, b.length - 8, what);
        footer.varint(); // metaindex block: unused by tensor bundles
        footer.varint();
        long indexOffset = footer.varint();
        long indexSize = footer.varint();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (byte[][] idx : block(b, indexOffset, indexSize, what)) {
            Cursor h = new Cursor(idx[1], 0, idx[1].length, what);
            long off = h.varint();
            long size = h.varint();
            for (byte[][] kv : block(b, off, size, what)) {
                String key = new String(kv[0], java.nio.charset.StandardCharsets.UTF_8);
                if (!key.isEmpty()) { // the empty key holds the BundleHeaderProto
                    out.put(key, entry(key, kv[1], what));
                }
            }
        }
        return new TensorBundle(out);
    }

    /** The key/value pairs of one table block (prefix-compressed keys, restart array at the end). */
    private static java.util.List<byte[][]> block(byte[] file, long offset, long size, String what) throws IOException {
        if (offset < 0 || size < 4 || offset + size + 5 > file.length) {
            throw new IOException(what + " is damaged (a block lies outside the file).");
        }
        if (file[(int) (offset + size)] != 0) {
            throw new IOException(what + " uses a compressed table block, which this reader does not support.");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        int restarts = ByteBuffer.wrap(file, end - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int dataEnd = end - 4 - 4 * restarts;
        if (restarts < 0 || dataEnd < start) {
            throw new IOException(what + " is damaged (bad restart array).");
        }
        java.util.List<byte[][]> kvs = new java.util.ArrayList<>();
        Cursor c = new Cursor(file, start, dataEnd, what);
        byte[] key = new byte[0];
        while (c.pos < dataEnd) {
            int shared = (int) c.varint();
            int unshared = (int) c.varint();
            int valueLen = (int) c.varint();
            if (shared > key.length || unshared < 0 || valueLen < 0 || c.pos + unshared + valueLen > dataEnd) {
                throw new IOException(what + " is damaged (a block entry overruns its block).");
            }
            byte[] k = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(file, c.pos, k, shared, unshared);
            c.pos += unshared;
            byte[] v = Arrays.copyOfRange(file, c.pos, c.pos + valueLen);
            c.pos += valueLen;
            kvs.add(new byte[][]{k, v});
            key = k;
        }
        return kvs;
    }

    /** BundleEntryProto: dtype=1, shape=2 (TensorShapeProto: dim=2 {size=1}), shard_id=3, offset=4, size=5. */
    private static Tensor entry(String name, byte[] value, String what) throws IOException {
        ProtoReader r = new ProtoReader(value, what + " (entry " + name + ")");
        int dtype = 0;
        int shard = 0;
        long offset = 0;
        long size = 0;
        java.util.List<Long> dims = new java.util.ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dtype = (int) r.varint();
                case 2 -> {
                    ProtoReader shape = r.message();
                    while (shape.next()) {
                        if (shape.field() == 2) {
                            ProtoReader dim = shape.message();
                            while (dim.next()) {
                                if (dim.field() == 1) {
                                    dims.add(dim.varint());
                                } else {
                                    dim.skip();
                                }
                            }
                        } else {
                            shape.skip();
                        }
                    }
                }
                case 3 -> shard = (int) r.varint();
                case 4 -> offset = r.varint();
                case 5 -> size = r.varint();
                default -> r.skip();
            }
        }
        return new Tensor(name, dtype, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size);
    }

    private static final class Cursor {
        final byte[] b;
        int pos;
        final int end;
        final String what;

        Cursor(byte[] b, int pos, int end, String what) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.what = what;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64 && pos < end; shift += 7) {
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw new IOException(what + " is damaged (a varint runs past its block).");
        }
    }
}
