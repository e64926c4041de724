package dev.sws.core.inference;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A tensor ONNX Runtime allocated ({@code OrtValue*}): a bound output of a run ({@link IoBinding#outputs()}), or a
 * fresh one. Owned: {@link #close()} releases it. Its data can be read here only when it lies in CPU memory.
 */
public final class NativeValue implements AutoCloseable {

    private final MemorySegment ptr;
    private boolean closed;

    NativeValue(MemorySegment ptr) {
        this.ptr = ptr;
    }

    /** A float32 tensor of {@code shape} in ONNX Runtime's CPU memory, all zeros. */
    public static NativeValue zeros(long... shape) {
        OrtNative n = OrtNative.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment dims = a.allocateFrom(JAVA_LONG, shape);
            MemorySegment out = a.allocate(ADDRESS);
            long rank = shape.length;
            n.status("CreateTensorAsOrtValue", () -> (MemorySegment) n.createTensorAsOrtValue.invokeExact(n.allocator, dims, rank,
                    1 /* ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT */, out));
            NativeValue v = new NativeValue(out.get(ADDRESS, 0));
            v.data(4).fill((byte) 0);
            return v;
        }
    }

    MemorySegment ptr() {
        if (closed) {
            throw new IllegalStateException("This tensor was released.");
        }
        return ptr;
    }

    /** Its shape. */
    public long[] shape() {
        OrtNative n = OrtNative.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(ADDRESS);
            MemorySegment value = ptr();
            n.status("GetTensorTypeAndShape", () -> (MemorySegment) n.getTensorTypeAndShape.invokeExact(value, info));
            MemorySegment i = info.get(ADDRESS, 0);
            try {
                MemorySegment count = a.allocate(JAVA_LONG);
                n.status("GetDimensionsCount", () -> (MemorySegment) n.getDimensionsCount.invokeExact(i, count));
                long c = count.get(JAVA_LONG, 0);
                MemorySegment dims = a.allocate(JAVA_LONG, Math.max(1, c));
                n.status("GetDimensions", () -> (MemorySegment) n.getDimensions.invokeExact(i, dims, c));
                return dims.asSlice(0, c * 8).toArray(JAVA_LONG);
            } finally {
                OrtNative.call(() -> {
                    n.releaseTensorTypeAndShapeInfo.invokeExact(i);
                    return null;
                });
            }
        }
    }

    /** Its elements as floats (a float32 tensor in CPU memory). */
    public float[] floats() {
        return data(4).toArray(JAVA_FLOAT);
    }

    /** Its elements as longs (an int64 tensor in CPU memory). */
    public long[] longs() {
        return data(8).toArray(JAVA_LONG);
    }

    private MemorySegment data(int elementBytes) {
        long count = 1;
        for (long d : shape()) {
            count *= d;
        }
        OrtNative n = OrtNative.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            MemorySegment value = ptr();
            n.status("GetTensorMutableData", () -> (MemorySegment) n.getTensorMutableData.invokeExact(value, out));
            return out.get(ADDRESS, 0).reinterpret(count * elementBytes);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            OrtNative.call(() -> {
                OrtNative.get().releaseValue.invokeExact(ptr);
                return null;
            });
        }
    }
}
