package dev.sws.core.inference;

import ai.onnxruntime.OnnxTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An IO binding of one session (ONNX Runtime's {@code OrtIoBinding}, through {@link OrtNative}): inputs bound as
 * tensors of the Java API or as values a previous run left ({@link NativeValue}, on the CPU or on a GPU), outputs
 * bound to a memory place ({@link Place}) where the run leaves them; {@link #run()} runs the session on the binding,
 * and {@link #outputs()} hands the results over without copying them. Keeping a model's state (encoder caches, an ODE
 * state) on the GPU between calls is binding one call's outputs as the next call's inputs.
 * <p>
 * One thread at a time; the tensors and values bound must stay open until the binding is cleared or closed.
 */
public final class IoBinding implements AutoCloseable {

    /** Where a bound output is put: the CPU, or the memory of CUDA device {@code id}. Owns its {@code OrtMemoryInfo}. */
    public static final class Place implements AutoCloseable {
        final MemorySegment info;
        private final String name;

        private Place(MemorySegment info, String name) {
            this.info = info;
            this.name = name;
        }

        /** Ordinary CPU memory (ONNX Runtime's arena). */
        public static Place cpu() {
            OrtNative n = OrtNative.get();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ADDRESS);
                n.status("CreateCpuMemoryInfo", () -> (MemorySegment) n.createCpuMemoryInfo.invokeExact(
                        1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, out));
                return new Place(out.get(ADDRESS, 0), "cpu");
            }
        }

        /** The memory of CUDA device {@code id} (the session must run on the CUDA execution provider). */
        public static Place cuda(int id) {
            OrtNative n = OrtNative.get();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ADDRESS);
                MemorySegment cuda = a.allocateFrom("Cuda");
                n.status("CreateMemoryInfo(Cuda)", () -> (MemorySegment) n.createMemoryInfo.invokeExact(cuda,
                        1 /* OrtArenaAllocator */, id, 0 /* OrtMemTypeDefault */, out));
                return new Place(out.get(ADDRESS, 0), "cuda:" + id);
            }
        }

        /** The place for outputs of a session on {@code device}. */
        public static Place of(Device device) {
            return device instanceof Device.Cuda c ? cuda(c.id()) : cpu();
        }

        public boolean isCpu() {
            return name.equals("cpu");
        }

        @Override
        public String toString() {
            return name;
        }

        @Override
        public void close() {
            OrtNative.call(() -> {
                OrtNative.get().releaseMemoryInfo.invokeExact(info);
                return null;
            });
        }
    }

    private final OrtNative n = OrtNative.get();
    private final OwnedSession session;
    private final MemorySegment binding;
    private final Arena names = Arena.ofConfined();
    private final java.util.Map<String, MemorySegment> cNames = new java.util.HashMap<>();   // made once per name
    private final List<String> outputNames = new ArrayList<>();

    /** A new binding of {@code session}. */
    public IoBinding(OwnedSession session) {
        this.session = session;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            n.status("CreateIoBinding", () -> (MemorySegment) n.createIoBinding.invokeExact(OrtNative.handle(session.session()), out));
            binding = out.get(ADDRESS, 0);
        } catch (RuntimeException e) {
            names.close();
            throw e;
        }
    }

    /** Binds input {@code name} to a tensor of the Java API (ONNX Runtime copies it to the device if it must). */
    public void bindInput(String name, OnnxTensor tensor) {
        bind(name, OrtNative.handle(tensor));
    }

    /** Binds input {@code name} to a value a run left (where it lies: on the GPU it stays there). */
    public void bindInput(String name, NativeValue value) {
        bind(name, value.ptr());
    }

    private void bind(String name, MemorySegment value) {
        MemorySegment cName = cName(name);
        n.status("BindInput(" + name + ")", () -> (MemorySegment) n.bindInput.invokeExact(binding, cName, value));
    }

    /** Binds output {@code name} to {@code place}: the run allocates it there. {@link #outputs()} follow this order. */
    public void bindOutput(String name, Place place) {
        MemorySegment cName = cName(name);
        n.status("BindOutputToDevice(" + name + ")", () -> (MemorySegment) n.bindOutputToDevice.invokeExact(binding, cName,
                place.info));
        outputNames.add(name);
    }

    /** {@code name} as a C string, allocated once: inputs are bound again for every call, and the arena only grows. */
    private MemorySegment cName(String name) {
        return cNames.computeIfAbsent(name, names::allocateFrom);
    }

    /** Runs the session on the bound inputs and outputs (as the session's other runs: a close waits for it). */
    public void run() {
        session.runBound(this::runNow);
    }

    private void runNow() {
        n.status("RunWithBinding", () -> (MemorySegment) n.runWithBinding.invokeExact(OrtNative.handle(session.session()),
                MemorySegment.NULL, binding));
    }

    /** The last run's outputs, in the order they were bound; the caller owns (closes) them. */
    public List<NativeValue> outputs() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocate(ADDRESS);
            MemorySegment count = a.allocate(JAVA_LONG);
            n.status("GetBoundOutputValues", () -> (MemorySegment) n.getBoundOutputValues.invokeExact(binding, n.allocator, arr, count));
            long c = count.get(JAVA_LONG, 0);
            MemorySegment values = arr.get(ADDRESS, 0).reinterpret(c * ADDRESS.byteSize());
            List<NativeValue> out = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                out.add(new NativeValue(values.getAtIndex(ADDRESS, i)));
            }
            n.status("AllocatorFree", () -> (MemorySegment) n.allocatorFree.invokeExact(n.allocator, values));
            return out;
        }
    }

    /** Unbinds every input (before binding the next call's). */
    public void clearInputs() {
        OrtNative.call(() -> {
            n.clearBoundInputs.invokeExact(binding);
            return null;
        });
    }

    @Override
    public void close() {
        try {
            OrtNative.call(() -> {
                n.releaseIoBinding.invokeExact(binding);
                return null;
            });
        } finally {
            names.close();
        }
    }
}
