package dev.sws.core.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protocol-buffers wire format field by field (varints, fixed 32/64-bit, length-delimited), enough to read
 * small records such as TensorFlow's {@code BundleEntryProto}. A malformed message fails with an {@link IOException}
 * naming what it was reading.
 */
public final class ProtoReader {
    private final byte[] buf;
    private int pos;
    private final int end;
    private final String what;
    private int field;
    private int wireType;

    public ProtoReader(byte[] buf, int from, int to, String what) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.what = what;
    }

    public ProtoReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() throws IOException {
        if (pos >= end) {
            return false;
        }
        long t = varint();
        field = (int) (t >>> 3);
        wireType = (int) (t & 7);
        return true;
    }

    public int field() {
        return field;
    }

    public long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw damaged();
            }
            int b = buf[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw damaged();
    }

    public int fixed32() throws IOException {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** The current length-delimited field as a reader of its own. */
    public ProtoReader message() throws IOException {
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, pos + n, what);
        pos += n;
        return r;
    }

    public String string() throws IOException {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public byte[] bytes() throws IOException {
        int n = length();
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** Skips the current field's value, whatever its wire type. */
    public void skip() throws IOException {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> { need(8); pos += 8; }
            case 2 -> pos += length();
            case 5 -> { need(4); pos += 4; }
            default -> throw damaged();
        }
    }

    private int length() throws IOException {
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw damaged();
        }
        return (int) n;
    }

    private void need(int n) throws IOException {
        if (end - pos < n) {
            throw damaged();
        }
    }

    private IOException damaged() {
        return new IOException(what + " is damaged (a protocol-buffers record ends early or is malformed).");
    }
}
