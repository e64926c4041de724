package dev.sws.core.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.sws.core.bus.DeviceEvent;
import dev.sws.core.bus.EventBus;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.util.UserFacingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one ONNX Runtime environment and its session factory. A session asked for on CUDA falls back
 * to the CPU when the CUDA provider cannot start, and the fallback is published as a {@link DeviceEvent.Fallback}
 * with the reason — never silently.
 */
public final class InferenceRuntime {

    private static final Logger LOG = Logger.getLogger(InferenceRuntime.class.getName());

    private final OrtEnvironment env;
    private final Consumer<DeviceEvent> deviceEvents;

    /** @param bus receives device fallbacks; may be null in tools and tests */
    public InferenceRuntime(EventBus bus) {
        RunsInFlight.install();     // the exit handling, before ONNX Runtime's own shutdown hook exists
        OrtTelemetry.switchOff();   // before the first environment: ONNX Runtime reads the switch at creation
        this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "sws");
        try {
            env.setTelemetry(false);
        } catch (OrtException e) {
            LOG.log(Level.WARNING, "ONNX Runtime refused to switch its telemetry events off", e);
        }
        this.deviceEvents = bus == null ? e -> { } : bus::publish;
    }

    public OrtEnvironment env() {
        return env;
    }

    /** ONNX Runtime's version string. */
    public String version() {
        return env.getVersion();
    }

    /** The execution providers this ONNX Runtime build offers (e.g. {@code [CPU, CUDA]}). */
    public String providers() {
        return OrtEnvironment.getAvailableProviders().toString();
    }

    /** True when this ONNX Runtime build has the CUDA execution provider compiled in. */
    public boolean cudaProviderPresent() {
        return OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    /**
     * Opens {@code model} on {@code device} with {@code threads} intra-op threads (0 = ORT default). The caller
     * owns the returned session.
     */
    public OwnedSession open(Path model, Device device, int threads) {
        return open(model, device, threads, Int8Compute.INT8_ACTIVATIONS);
    }

    /**
     * As {@link #open(Path, Device, int)}, with the compute type of the model's int8-weight MatMuls on the CPU
     * ({@link Int8Compute}; ONNX Runtime's default is {@link Int8Compute#INT8_ACTIVATIONS}).
     */
    public OwnedSession open(Path model, Device device, int threads, Int8Compute int8) {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new ModelContractException("Model file " + model.getFileName() + " is missing from " + model.getParent() + ".");
        }
        if (device instanceof Device.Cuda cuda) {
            try {
                return new OwnedSession(env, RunsInFlight.guard(() -> env.createSession(model.toString(),
                        options(threads, cuda.id(), model, int8))), model, device);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                String reason = cudaFailureReason(e);
                LOG.log(Level.WARNING, "CUDA session for " + model + " failed; using CPU", e);
                deviceEvents.accept(new DeviceEvent.Fallback(model.getFileName().toString(), device.toString(), "cpu", reason));
            }
        }
        try {
            return new OwnedSession(env, RunsInFlight.guard(() -> env.createSession(model.toString(),
                    options(threads, -1, model, int8))), model, Device.CPU);
        } catch (OrtException e) {
            throw new ModelContractException("Model file " + model.getFileName() + " is not a valid ONNX model ("
                    + firstLine(e.getMessage()) + ").", e);
        }
    }

    private static OrtSession.SessionOptions options(int threads, int cudaId, Path model, Int8Compute int8) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        o.addConfigEntry(Int8Compute.KEY, int8.level());
        String profile = System.getProperty("sws.ort.profile");
        if (profile != null && !profile.isBlank()) { // per-node timings and provider placement, for diagnosis
            o.enableProfiling(Path.of(profile).resolve(model.getFileName() + (cudaId >= 0 ? "-cuda" : "-cpu")).toString());
        }
        if (threads > 0) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
        }
        if (cudaId >= 0) {
            ai.onnxruntime.providers.OrtCUDAProviderOptions cuda = new ai.onnxruntime.providers.OrtCUDAProviderOptions(cudaId);
            // streaming batches change size from call to call: an exhaustive cuDNN search per new shape costs seconds
            cuda.add("cudnn_conv_algo_search", System.getProperty("sws.cuda.convAlgoSearch", "HEURISTIC"));
            o.addCUDA(cuda);
        }
        return o;
    }

    static String cudaFailureReason(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("not supported in this build") || m.contains("CUDA is not") || m.contains("Failed to find CUDA shared provider")) {
            var gpu = dev.sws.core.gpu.GpuRuntime.state();
            return "the CUDA runtime is not active in this process (" + gpu.reason() + ")";
        }
        if (m.contains("libcudart") || m.contains("libcublas") || m.contains("libcudnn") || m.contains("cannot open shared object")) {
            return "CUDA libraries are missing (" + firstLine(m) + "); run 'sws gpu install'";
        }
        if (m.contains("no CUDA-capable device") || m.contains("CUDA driver")) {
            return "no usable NVIDIA GPU or driver was found";
        }
        return firstLine(m);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** A runtime for tools and tests (no bus). */
    public static InferenceRuntime standalone() {
        return new InferenceRuntime(null);
    }

    /**
     * The exit status a signal asked for (128 + TERM 15, INT 2 or HUP 1), or 0 when none came: the process then exits
     * with it whichever thread gets there first.
     */
    public static int signalExitStatus() {
        int s = RunsInFlight.signalled();
        return s == 0 ? 0 : 128 + s;
    }

    /**
     * Marks {@code owner} as the thread that ends the process's work (the command line's): after a TERM, INT or HUP the
     * exit waits for it to finish (it closes its sessions) before the shutdown hooks run.
     */
    public static void exitAfter(Thread owner) {
        RunsInFlight.exitAfter(owner);
    }

    /** Wraps an ORT failure during inference in a user-facing error. */
    public static UserFacingException inferenceFailed(String what, OrtException e) {
        return new UserFacingException(what + " failed in ONNX Runtime (" + firstLine(e.getMessage()) + ").", e);
    }
}
