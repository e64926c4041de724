package dev.sws.core.onnx;

import dev.sws.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX model (IR 8, default domain) in Java and writes it: graph inputs and outputs, nodes, and
 * initializers either inline or as external data ({@code location}, {@code offset}, {@code length} into a file next
 * to the model, which is how a converted checkpoint's weights are used in place without copying them). Node outputs
 * get unique names from {@link #op}. Not thread-safe.
 */
public final class OnnxGraph {
    /** ONNX {@code TensorProto.DataType} values used here. */
    public static final int FLOAT = 1;
    public static final int INT8 = 3;
    public static final int INT64 = 7;

    /** A node attribute. */
    public record Attr(String name, ProtoWriter value) {
        public static Attr i(String name, long v) {
            return new Attr(name, new ProtoWriter().string(1, name).int64(3, v).int64(20, 2));
        }

        public static Attr f(String name, float v) {
            return new Attr(name, new ProtoWriter().string(1, name).float32(2, v).int64(20, 1));
        }

        public static Attr ints(String name, long... v) {
            ProtoWriter w = new ProtoWriter().string(1, name);
            for (long x : v) {
                w.int64(8, x);
            }
            return new Attr(name, w.int64(20, 7));
        }
    }

    private final String name;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** Declares a graph input; a dimension is a {@code Long} (fixed) or a {@code String} (symbolic). */
    public String input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return name;
    }

    /** Declares a graph output (the value named {@code name} must be produced by a node). */
    public void output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
    }

    /** Adds a node with one output, named uniquely after the op; returns that name. */
    public String op(String opType, List<String> in, Attr... attrs) {
        String out = opType.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        node(opType, in, List.of(out), attrs);
        return out;
    }

    /** Adds a node with the given outputs. */
    public void node(String opType, List<String> in, List<String> out, Attr... attrs) {
        ProtoWriter n = new ProtoWriter();
        in.forEach(s -> n.string(1, s));
        out.forEach(s -> n.string(2, s));
        n.string(3, out.get(0)).string(4, opType);
        for (Attr a : attrs) {
            n.message(5, a.value());
        }
        nodes.add(n);
    }

    /** An initializer whose data lies in {@code location} (relative to the model file) at {@code offset}. */
    public String external(String name, int dataType, long[] dims, String location, long offset, long length) {
        ProtoWriter t = new ProtoWriter().packedInt64(1, dims).int64(2, dataType).string(8, name);
        for (var e : List.of(Map.entry("location", location), Map.entry("offset", Long.toString(offset)),
                Map.entry("length", Long.toString(length)))) {
            t.message(13, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        initializers.add(t.int64(14, 1));
        return name;
    }

    /** An int64 initializer held in the model file. */
    public String constant(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return inline(name, dims, INT64, b);
    }

    /** A float initializer held in the model file. */
    public String constant(String name, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return inline(name, dims, FLOAT, b);
    }

    private String inline(String name, long[] dims, int dataType, ByteBuffer data) {
        initializers.add(new ProtoWriter().packedInt64(1, dims).int64(2, dataType).string(8, name).bytes(9, data.array()));
        return name;
    }

    /** The serialised model: IR version 8, the default domain at {@code opset}, with the given metadata. */
    public byte[] toBytes(int opset, String producer, Map<String, String> metadata) {
        ProtoWriter g = new ProtoWriter();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, name);
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(v -> g.message(11, v));
        outputs.forEach(v -> g.message(12, v));
        ProtoWriter m = new ProtoWriter().int64(1, 8).string(2, producer).message(7, g)
                .message(8, new ProtoWriter().string(1, "").int64(2, opset));
        metadata.forEach((k, v) -> m.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return m.toByteArray();
    }

    /** Writes the model atomically. */
    public void write(Path file, int opset, String producer, Map<String, String> metadata) throws IOException {
        AtomicFiles.writeBytes(file, toBytes(opset, producer, metadata));
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            shape.message(1, d instanceof String s ? new ProtoWriter().string(2, s)
                    : new ProtoWriter().int64(1, ((Number) d).longValue()));
        }
        ProtoWriter tensor = new ProtoWriter().int64(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
