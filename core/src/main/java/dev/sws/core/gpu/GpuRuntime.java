package dev.sws.core.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Switches this process to the GPU runtime pack before ONNX Runtime starts: loads the CUDA libraries by absolute
 * path, each after the ones it needs (so the dynamic linker finds them by soname when ORT's CUDA provider asks,
 * and no {@code LD_LIBRARY_PATH} is needed), then points {@code onnxruntime.native.path} at the pack so ORT loads
 * its CUDA-enabled build. Once per process; the first call decides.
 */
public final class GpuRuntime {

    private static final Logger LOG = Logger.getLogger(GpuRuntime.class.getName());

    /** cuDNN 9's libraries, each after the ones it needs (libcudnn.so.9 opens the others on demand). */
    static final List<String> CUDNN_ORDER = GpuPack.ORT_1_29_CUDA_12.component(GpuPack.CUDNN).stream()
            .map(GpuPack.Library::fileName).toList();

    /**
     * The outcome of activation.
     *
     * @param active  true when ORT will load the pack's CUDA build
     * @param reason  why it is or is not active, in plain words
     * @param cudnn   where cuDNN was loaded from, or why not
     * @param loaded  libraries loaded by this class, in order
     */
    public record State(boolean active, String reason, String cudnn, List<String> loaded) {}

    private static volatile State state;

    private GpuRuntime() {
    }

    /** The activation outcome, or a "not attempted" state before {@link #activate}. */
    public static State state() {
        State s = state;
        return s != null ? s : new State(false, "the GPU runtime was not activated in this process", "not loaded", List.of());
    }

    /**
     * Activates the pack unless the device setting is {@code cpu}, the pack is not installed or no NVIDIA driver is
     * present. Never throws: a failure leaves the process on the CPU build with the reason recorded.
     *
     * @param deviceSetting {@code auto}, {@code cpu} or {@code cuda:N}
     * @param env           the process environment ({@code SWS_CUDNN_DIR} names a system cuDNN 9 folder)
     */
    public static synchronized State activate(GpuPack pack, String deviceSetting, Map<String, String> env) {
        if (state != null) {
            return state;
        }
        state = decide(pack, deviceSetting, env);
        LOG.info("GPU runtime: " + state);
        return state;
    }

    static State decide(GpuPack pack, String deviceSetting, Map<String, String> env) {
        if ("cpu".equals(deviceSetting)) {
            return new State(false, "the device setting is 'cpu'", "not loaded", List.of());
        }
        if (!pack.isInstalled()) {
            return new State(false, "the GPU runtime pack is not installed (run 'sws gpu install')", "not loaded", List.of());
        }
        if (System.getProperty("onnxruntime.native.path") != null) {
            return new State(false, "onnxruntime.native.path is already set to " + System.getProperty("onnxruntime.native.path")
                    + "; leaving it as it is", "not loaded", List.of());
        }
        String driver = GpuDevices.driverProblem();
        if (driver != null) {
            return new State(false, driver, "not loaded", List.of());
        }
        List<String> loaded = new ArrayList<>();
        for (GpuPack.Library l : pack.spec().libraries()) {
            if (GpuPack.loadedByOrt(l.fileName()) || !l.component().equals(GpuPack.CORE)) {
                continue;
            }
            Path p = pack.dir().resolve(l.fileName());
            try {
                System.load(p.toString());
                loaded.add(l.fileName());
            } catch (UnsatisfiedLinkError | SecurityException e) {
                return new State(false, "cannot load " + l.fileName() + " from the GPU runtime pack (" + e.getMessage()
                        + "); run 'sws gpu install' again", "not loaded", loaded);
            }
        }
        String cudnn = loadCudnn(pack, env, loaded);
        System.setProperty("onnxruntime.native.path", pack.dir().toString());
        return new State(true, "ONNX Runtime " + pack.spec().id() + " with CUDA from " + pack.dir(), cudnn, List.copyOf(loaded));
    }

    /** cuDNN from the pack, else from {@code SWS_CUDNN_DIR}; without it CUDA runs but convolutions fail over to the CPU. */
    private static String loadCudnn(GpuPack pack, Map<String, String> env, List<String> loaded) {
        List<Path> dirs = new ArrayList<>();
        if (pack.installedComponents().contains(GpuPack.CUDNN)) {
            dirs.add(pack.dir());
        }
        String sys = env.get("SWS_CUDNN_DIR");
        if (sys != null && !sys.isBlank()) {
            dirs.add(Path.of(sys));
        }
        for (Path d : dirs) {
            if (!Files.exists(d.resolve("libcudnn.so.9"))) {
                continue;
            }
            List<String> here = new ArrayList<>();
            try {
                for (String n : CUDNN_ORDER) {
                    Path p = d.resolve(n);
                    if (Files.exists(p)) {
                        System.load(p.toString());
                        here.add(n);
                    }
                }
                loaded.addAll(here);
                return "cuDNN 9 from " + d;
            } catch (UnsatisfiedLinkError e) {
                LOG.log(Level.WARNING, "cuDNN in " + d + " did not load", e);
                return "cuDNN in " + d + " did not load (" + e.getMessage() + ")";
            }
        }
        return "no cuDNN 9 (install the pack's cuDNN component or set SWS_CUDNN_DIR); models with convolutions may fail on CUDA";
    }
}
