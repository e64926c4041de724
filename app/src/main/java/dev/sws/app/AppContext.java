package dev.sws.app;

import dev.sws.app.service.AsrService;
import dev.sws.asr.model.NemoAsrValidator;
import dev.sws.core.bus.EventBus;
import dev.sws.core.exec.TaskExecutor;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.log.Logging;
import dev.sws.core.model.ModelStore;
import dev.sws.core.settings.Settings;
import dev.sws.core.settings.SettingsStore;
import dev.sws.core.util.AppPaths;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

/**
 * The application's object graph, created once at start-up and passed to whoever needs it (no singletons):
 * paths, settings, the event bus, the ONNX Runtime environment, the model store and the engine services.
 */
public final class AppContext implements AutoCloseable {

    private final AppPaths paths;
    private final SettingsStore settingsStore;
    private final AtomicReference<Settings> settings;
    private final EventBus bus;
    private final InferenceRuntime runtime;
    private final dev.sws.core.gpu.GpuPack gpuPack;
    private final ModelStore models;
    private final TaskExecutor executor;
    private final AsrService asr;
    private final dev.sws.app.service.CodecService codec;
    private final dev.sws.app.service.CorrectionService correction;
    private final dev.sws.app.service.TtsService tts;

    public AppContext(AppPaths paths, TaskExecutor executor) {
        this(paths, executor, null);
    }

    /**
     * @param deviceOverride a device setting for this process only ({@code auto}, {@code cpu}, {@code cuda:N};
     *                       the command line's {@code --device}); null keeps the saved setting
     */
    public AppContext(AppPaths paths, TaskExecutor executor, String deviceOverride) {
        this(paths, executor, deviceOverride, null);
    }

    /**
     * @param deviceOverride  as above
     * @param threadsOverride intra-op threads per session for this process only (the command line's {@code --threads};
     *                        0 = half the cores); null keeps the saved setting
     */
    public AppContext(AppPaths paths, TaskExecutor executor, String deviceOverride, Integer threadsOverride) {
        this.paths = paths;
        Logging.configure(paths.logDir(), Level.INFO);
        this.settingsStore = new SettingsStore(paths.settingsFile());
        Settings loaded = settingsStore.load();
        if (deviceOverride != null || threadsOverride != null) {
            Settings.Device d = loaded.device();
            loaded = loaded.withDevice(new Settings.Device(deviceOverride == null ? d.device() : deviceOverride,
                    threadsOverride == null ? d.threads() : threadsOverride,
                    deviceOverride == null ? d.tasks() : java.util.Map.of()));
        }
        this.settings = new AtomicReference<>(loaded);
        this.bus = new EventBus();
        // before ONNX Runtime starts: the GPU runtime pack, when installed and wanted, replaces its CPU natives
        this.gpuPack = dev.sws.core.gpu.GpuPack.in(paths.gpuRuntime(), dev.sws.core.gpu.GpuPack.ORT_1_29_CUDA_12);
        dev.sws.core.gpu.GpuRuntime.activate(gpuPack, settings.get().device().device(), System.getenv());
        this.runtime = new InferenceRuntime(bus);
        this.models = new ModelStore(paths.embedded(), paths.userModels(), List.of(new NemoAsrValidator(runtime),
                new dev.sws.codec.CodecValidator(runtime), new dev.sws.asr.correction.LlmValidator(runtime),
                new dev.sws.tts.TtsValidator(runtime)));
        this.executor = executor;
        this.asr = new AsrService(this);
        this.codec = new dev.sws.app.service.CodecService(this);
        this.correction = new dev.sws.app.service.CorrectionService(this);
        this.tts = new dev.sws.app.service.TtsService(this);
    }

    public AppPaths paths() {
        return paths;
    }

    public Settings settings() {
        return settings.get();
    }

    /** Validates (by construction), persists and publishes new settings. */
    public void updateSettings(Settings s) throws java.io.IOException {
        settingsStore.save(s);
        settings.set(s);
    }

    public SettingsStore settingsStore() {
        return settingsStore;
    }

    public EventBus bus() {
        return bus;
    }

    /** The GPU runtime pack of this installation (installed or not). */
    public dev.sws.core.gpu.GpuPack gpuPack() {
        return gpuPack;
    }

    /**
     * The device for a task's sessions: its own setting or the general one; {@code auto} means the first GPU when
     * the CUDA runtime is active in this process, else the CPU. An explicit {@code cuda:N} that cannot run falls back
     * to the CPU at session creation, with the reason published on the bus.
     */
    public dev.sws.core.inference.Device device(String task) {
        String setting = settings().device().forTask(task);
        if ("auto".equals(setting)) {
            return dev.sws.core.gpu.GpuRuntime.state().active() && runtime.cudaProviderPresent()
                    ? new dev.sws.core.inference.Device.Cuda(0) : dev.sws.core.inference.Device.CPU;
        }
        return dev.sws.core.inference.Device.parse(setting);
    }

    public InferenceRuntime runtime() {
        return runtime;
    }

    public ModelStore models() {
        return models;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public AsrService asr() {
        return asr;
    }

    public dev.sws.app.service.CodecService codec() {
        return codec;
    }

    public dev.sws.app.service.TtsService tts() {
        return tts;
    }

    public dev.sws.app.service.CorrectionService correction() {
        return correction;
    }

    @Override
    public void close() {
        executor.close();   // first: cancel and wait for the background tasks still using the services' sessions
        correction.close();
        tts.close();
        asr.close();
        codec.close();
        bus.close();
    }
}
