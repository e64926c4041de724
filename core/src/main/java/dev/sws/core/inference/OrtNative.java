package dev.sws.core.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The parts of ONNX Runtime's C API that its Java API leaves out (IO binding: inputs and outputs that stay where a
 * run put them, on the GPU between calls), called through Java's Foreign Function &amp; Memory API in the same
 * {@code libonnxruntime} the Java API loaded, on the same sessions and tensors: no JNI library to build.
 * <p>
 * The functions are slots of the {@code OrtApi} table ({@code OrtGetApiBase()->GetApi(13)}); their indices are the
 * order of {@code struct OrtApi} in {@code onnxruntime_c_api.h}, which ONNX Runtime only ever appends to, so the
 * indices below hold for every release that serves API version 13. {@code OrtNativeTest} checks them against the Java
 * API on real sessions.
 */
public final class OrtNative {

    /** The API version asked for: the oldest with every function used here (ONNX Runtime 1.13 and later). */
    static final int API_VERSION = 13;

    // slots of struct OrtApi (0-based)
    static final int GET_ERROR_MESSAGE = 2;
    static final int SESSION_GET_INPUT_COUNT = 30;
    static final int CREATE_TENSOR_AS_ORT_VALUE = 48;
    static final int GET_TENSOR_MUTABLE_DATA = 51;
    static final int GET_DIMENSIONS_COUNT = 61;
    static final int GET_DIMENSIONS = 62;
    static final int GET_TENSOR_TYPE_AND_SHAPE = 65;
    static final int CREATE_MEMORY_INFO = 68;
    static final int CREATE_CPU_MEMORY_INFO = 69;
    static final int ALLOCATOR_FREE = 76;
    static final int GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78;
    static final int RELEASE_STATUS = 93;
    static final int RELEASE_MEMORY_INFO = 94;
    static final int RELEASE_VALUE = 96;
    static final int RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99;
    static final int GET_AVAILABLE_PROVIDERS = 125;
    static final int RELEASE_AVAILABLE_PROVIDERS = 126;
    static final int RUN_WITH_BINDING = 133;
    static final int CREATE_IO_BINDING = 134;
    static final int RELEASE_IO_BINDING = 135;
    static final int BIND_INPUT = 136;
    static final int BIND_OUTPUT_TO_DEVICE = 138;
    static final int GET_BOUND_OUTPUT_VALUES = 140;
    static final int CLEAR_BOUND_INPUTS = 141;
    private static final int SLOTS = 143;

    private static volatile OrtNative instance;

    final MethodHandle getErrorMessage;
    final MethodHandle releaseStatus;
    final MethodHandle sessionGetInputCount;
    final MethodHandle createTensorAsOrtValue;
    final MethodHandle getTensorMutableData;
    final MethodHandle getDimensionsCount;
    final MethodHandle getDimensions;
    final MethodHandle getTensorTypeAndShape;
    final MethodHandle releaseTensorTypeAndShapeInfo;
    final MethodHandle createMemoryInfo;
    final MethodHandle createCpuMemoryInfo;
    final MethodHandle releaseMemoryInfo;
    final MethodHandle allocatorFree;
    final MethodHandle releaseValue;
    final MethodHandle getAvailableProviders;
    final MethodHandle releaseAvailableProviders;
    final MethodHandle runWithBinding;
    final MethodHandle createIoBinding;
    final MethodHandle releaseIoBinding;
    final MethodHandle bindInput;
    final MethodHandle bindOutputToDevice;
    final MethodHandle getBoundOutputValues;
    final MethodHandle clearBoundInputs;
    /** ONNX Runtime's default CPU allocator (owned by ONNX Runtime, never released). */
    final MemorySegment allocator;

    private OrtNative(MemorySegment api) {
        Linker l = Linker.nativeLinker();
        java.util.function.BiFunction<Integer, FunctionDescriptor, MethodHandle> fn =
                (slot, d) -> l.downcallHandle(api.getAtIndex(ADDRESS, slot), d);
        getErrorMessage = fn.apply(GET_ERROR_MESSAGE, FunctionDescriptor.of(ADDRESS, ADDRESS));
        releaseStatus = fn.apply(RELEASE_STATUS, FunctionDescriptor.ofVoid(ADDRESS));
        sessionGetInputCount = fn.apply(SESSION_GET_INPUT_COUNT, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        createTensorAsOrtValue = fn.apply(CREATE_TENSOR_AS_ORT_VALUE,
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        getTensorMutableData = fn.apply(GET_TENSOR_MUTABLE_DATA, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        getDimensionsCount = fn.apply(GET_DIMENSIONS_COUNT, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        getDimensions = fn.apply(GET_DIMENSIONS, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        getTensorTypeAndShape = fn.apply(GET_TENSOR_TYPE_AND_SHAPE, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        releaseTensorTypeAndShapeInfo = fn.apply(RELEASE_TENSOR_TYPE_AND_SHAPE_INFO, FunctionDescriptor.ofVoid(ADDRESS));
        createMemoryInfo = fn.apply(CREATE_MEMORY_INFO,
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        createCpuMemoryInfo = fn.apply(CREATE_CPU_MEMORY_INFO, FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        releaseMemoryInfo = fn.apply(RELEASE_MEMORY_INFO, FunctionDescriptor.ofVoid(ADDRESS));
        allocatorFree = fn.apply(ALLOCATOR_FREE, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        releaseValue = fn.apply(RELEASE_VALUE, FunctionDescriptor.ofVoid(ADDRESS));
        getAvailableProviders = fn.apply(GET_AVAILABLE_PROVIDERS, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        releaseAvailableProviders = fn.apply(RELEASE_AVAILABLE_PROVIDERS, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        runWithBinding = fn.apply(RUN_WITH_BINDING, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        createIoBinding = fn.apply(CREATE_IO_BINDING, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        releaseIoBinding = fn.apply(RELEASE_IO_BINDING, FunctionDescriptor.ofVoid(ADDRESS));
        bindInput = fn.apply(BIND_INPUT, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        bindOutputToDevice = fn.apply(BIND_OUTPUT_TO_DEVICE, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        getBoundOutputValues = fn.apply(GET_BOUND_OUTPUT_VALUES,
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        clearBoundInputs = fn.apply(CLEAR_BOUND_INPUTS, FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle getAllocator = fn.apply(GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, FunctionDescriptor.of(ADDRESS, ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            status("GetAllocatorWithDefaultOptions", () -> (MemorySegment) getAllocator.invokeExact(out));
            allocator = out.get(ADDRESS, 0);
        }
    }

    /** One downcall ({@code invokeExact} on a handle above), which may throw anything. */
    @FunctionalInterface
    interface Downcall<T> {
        T call() throws Throwable;
    }

    /** The downcall's result; what it throws comes back unchecked. */
    static <T> T call(Downcall<T> c) {
        try {
            return c.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Runs a downcall that returns an {@code OrtStatus*}; throws with ONNX Runtime's message when it is an error. */
    void status(String what, Downcall<MemorySegment> c) {
        check(call(c), what);
    }

    /**
     * The C API of the ONNX Runtime the Java API loaded (which it loads first, if it has not yet).
     *
     * @throws UnsupportedOperationException when that library cannot be found in this process or serves no API 13
     */
    public static OrtNative get() {
        OrtNative n = instance;
        if (n == null) {
            synchronized (OrtNative.class) {
                n = instance;
                if (n == null) {
                    n = new OrtNative(apiTable());
                    instance = n;
                }
            }
        }
        return n;
    }

    private static MemorySegment apiTable() {
        ai.onnxruntime.OrtEnvironment.getEnvironment();   // makes the Java API load its libraries
        MemorySegment base = SymbolLookup.loaderLookup().find("OrtGetApiBase")
                .or(() -> Linker.nativeLinker().defaultLookup().find("OrtGetApiBase"))
                .orElseThrow(() -> new UnsupportedOperationException("ONNX Runtime's C API (OrtGetApiBase) is not "
                        + "visible in this process"));
        Linker l = Linker.nativeLinker();
        MethodHandle apiBaseFn = l.downcallHandle(base, FunctionDescriptor.of(ADDRESS));
        MemorySegment apiBase = call(() -> (MemorySegment) apiBaseFn.invokeExact()).reinterpret(2 * ADDRESS.byteSize());
        MethodHandle getApi = l.downcallHandle(apiBase.get(ADDRESS, 0), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MemorySegment api = call(() -> (MemorySegment) getApi.invokeExact(API_VERSION));
        if (api.equals(MemorySegment.NULL)) {
            throw new UnsupportedOperationException("This ONNX Runtime does not serve C API version " + API_VERSION);
        }
        return api.reinterpret(SLOTS * ADDRESS.byteSize());
    }

    /** Throws with ONNX Runtime's message when {@code status} is an error (and releases it). */
    void check(MemorySegment status, String what) {
        if (status.equals(MemorySegment.NULL)) {
            return;
        }
        String msg;
        try {
            msg = ((MemorySegment) getErrorMessage.invokeExact(status)).reinterpret(Integer.MAX_VALUE).getString(0);
            releaseStatus.invokeExact(status);
        } catch (Throwable t) {
            msg = "(no message: " + t + ")";
        }
        throw new IllegalStateException(what + " failed: " + msg);
    }

    /** The number of inputs of {@code session} as the C API counts them (a check of the table against the Java API). */
    public long inputCount(OrtSession session) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            status("SessionGetInputCount", () -> (MemorySegment) sessionGetInputCount.invokeExact(handle(session), out));
            return out.get(JAVA_LONG, 0);
        }
    }

    /** The execution providers of this build, as the C API lists them (a check of the table against the Java API). */
    public java.util.List<String> availableProviders() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(ADDRESS);
            MemorySegment len = a.allocate(JAVA_INT);
            status("GetAvailableProviders", () -> (MemorySegment) getAvailableProviders.invokeExact(arr, len));
            int n = len.get(JAVA_INT, 0);
            MemorySegment names = arr.get(ADDRESS, 0).reinterpret(n * ADDRESS.byteSize());
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(names.getAtIndex(ADDRESS, i).reinterpret(Integer.MAX_VALUE).getString(0));
            }
            status("ReleaseAvailableProviders", () -> (MemorySegment) releaseAvailableProviders.invokeExact(names, n));
            return out;
        }
    }

    /** The {@code OrtSession*} behind a Java API session. */
    static MemorySegment handle(OrtSession session) {
        return MemorySegment.ofAddress(SESSION_HANDLE.get(session));
    }

    /** The {@code OrtValue*} behind a Java API tensor (owned by the tensor: valid while it is open). */
    static MemorySegment handle(OnnxTensor tensor) {
        return MemorySegment.ofAddress(TENSOR_HANDLE.get(tensor));
    }

    /** A private {@code long} field of the Java API, read by reflection (the classes are on the class path). */
    private record LongField(Field field) {
        static LongField of(Class<?> c, String name) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return new LongField(f);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new UnsupportedOperationException("ONNX Runtime's Java API has no " + c.getSimpleName() + "."
                        + name + " here", e);
            }
        }

        long get(Object o) {
            try {
                return field.getLong(o);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final LongField SESSION_HANDLE = LongField.of(OrtSession.class, "nativeHandle");
    private static final LongField TENSOR_HANDLE = LongField.of(tensorLike(), "nativeHandle");

    private static Class<?> tensorLike() {
        try {
            return Class.forName("ai.onnxruntime.OnnxTensorLike");
        } catch (ClassNotFoundException e) {
            return OnnxTensor.class;
        }
    }
}
