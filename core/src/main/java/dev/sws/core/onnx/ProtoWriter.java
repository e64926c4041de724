package dev.sws.core.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pieces of the protocol-buffers wire format that writing an ONNX model needs: varints, length-delimited
 * fields (strings, bytes, nested messages) and packed repeated numbers. Fields are written in call order.
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    ProtoWriter int64(int field, long v) {
        tag(field, 0);
        varint(v);
        return this;
    }

    ProtoWriter float32(int field, float v) {
        tag(field, 5);
        int b = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) {
            out.write((b >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    /** A packed repeated int64 field. */
    ProtoWriter packedInt64(int field, long[] vs) {
        ProtoWriter p = new ProtoWriter();
        for (long v : vs) {
            p.varint(v);
        }
        return bytes(field, p.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
