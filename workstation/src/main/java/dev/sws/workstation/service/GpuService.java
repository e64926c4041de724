package dev.sws.workstation.service;

import dev.sws.core.exec.Progress;
import dev.sws.core.gpu.GpuDevices;
import dev.sws.core.gpu.GpuPack;
import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.settings.Settings;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The GPU runtime pack and the GPUs, for {@code sws gpu} and the Settings workspace. */
public final class GpuService {

    public static final URI MAVEN_CENTRAL = URI.create("https://repo1.maven.org/maven2/");

    private final GpuPack pack;
    private final InferenceRuntime runtime;
    private final Supplier<Settings> settings;
    private final DevicePolicy devices;

    public GpuService(GpuPack pack, InferenceRuntime runtime, Supplier<Settings> settings, DevicePolicy devices) {
        this.pack = pack;
        this.runtime = runtime;
        this.settings = settings;
        this.devices = devices;
    }

    /** The repository to fetch from: {@code -Dsws.maven.repo}, {@code SWS_MAVEN_REPO} (a mirror) or Maven Central. */
    public static URI defaultRepo() {
        String m = System.getProperty("sws.maven.repo", System.getenv("SWS_MAVEN_REPO"));
        return m != null && !m.isBlank() ? URI.create(m) : MAVEN_CENTRAL;
    }

    public GpuPack pack() {
        return pack;
    }

    /** Components to install: the core set, and cuDNN unless left out. */
    public static List<String> components(boolean withCudnn) {
        return withCudnn ? List.of(GpuPack.CORE, GpuPack.CUDNN) : List.of(GpuPack.CORE);
    }

    /** Null when the pack exists for this OS and architecture, otherwise why not. */
    public static String platformProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64")) ? null
                : "the GPU runtime pack is pinned for Linux x86-64 only so far (this is " + System.getProperty("os.name") + " " + arch + ")";
    }

    public void install(URI repo, boolean withCudnn, Progress progress) throws IOException {
        if (platformProblem() != null) {
            throw new dev.sws.core.util.UserFacingException("Cannot install: " + platformProblem() + ".");
        }
        java.nio.file.Files.createDirectories(pack().dir());
        pack().install(repo, components(withCudnn), progress);
    }

    /** A plain-language report: pack, driver and GPUs, what this process uses and why, per task. */
    public List<String> report() {
        List<String> r = new ArrayList<>();
        GpuPack p = pack();
        List<String> comps = p.installedComponents();
        if (p.isInstalled()) {
            r.add("GPU runtime pack " + p.spec().id() + ": installed (" + String.join(", ", comps) + ") in " + p.dir());
        } else {
            long partial = p.partialBytes();
            r.add(String.format(Locale.ROOT, "GPU runtime pack %s: not installed (%.2f GB on disk when installed with cuDNN%s); run 'sws gpu install'",
                    p.spec().id(), p.storedBytes(components(true)) / 1e9,
                    partial > 0 ? String.format(Locale.ROOT, ", %.0f MB already downloaded", partial / 1e6) : ""));
        }
        if (p.isInstalled()) {
            p.fileStates().forEach((lib, state) -> {
                if (comps.contains(lib.component())) {
                    r.add(String.format(Locale.ROOT, "  %-40s %s", lib.fileName(), state));
                }
            });
        }
        GpuDevices.Listing l = GpuDevices.list();
        if (l.gpus().isEmpty()) {
            r.add("NVIDIA GPUs: none (" + l.problem() + ")");
        } else {
            r.add("NVIDIA driver " + l.driverVersion() + ", GPUs:");
            l.gpus().forEach(g -> r.add("  " + g.describe()));
        }
        GpuRuntime.State s = GpuRuntime.state();
        boolean cuda = s.active() && runtime.cudaProviderPresent();
        r.add("This process: " + (cuda ? "CUDA available" : "CPU only") + " — " + s.reason());
        if (s.active()) {
            r.add("cuDNN: " + s.cudnn());
        }
        r.add("ONNX Runtime " + runtime.version() + ", execution providers " + runtime.providers());
        Settings.Device d = settings.get().device();
        StringBuilder tasks = new StringBuilder("Devices per task (setting '" + d.device() + "'):");
        for (Settings.Task t : Settings.Task.values()) {
            tasks.append(' ').append(t.key()).append(" → ").append(devices.forTask(t));
        }
        r.add(tasks.toString());
        return r;
    }

    /** Device choices for a picker: auto, cpu and one entry per GPU found. */
    public static Map<String, String> deviceChoices() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("auto", "auto — the first GPU when the GPU runtime is installed, else the CPU");
        m.put("cpu", "cpu");
        for (GpuDevices.Gpu g : GpuDevices.list().gpus()) {
            m.put("cuda:" + g.id(), g.describe());
        }
        return m;
    }
}
