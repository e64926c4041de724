package dev.sws.workstation;

import dev.sws.asr.model.NemoAsrValidator;
import dev.sws.core.bus.EventBus;
import dev.sws.core.exec.TaskExecutor;
import dev.sws.core.gpu.GpuPack;
import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.log.Logging;
import dev.sws.core.model.ModelStore;
import dev.sws.core.settings.Settings;
import dev.sws.core.settings.SettingsStore;
import dev.sws.core.util.AppPaths;
import dev.sws.workstation.service.AsrService;
import dev.sws.workstation.service.DevicePolicy;
import dev.sws.workstation.service.ModelCache;
import dev.sws.workstation.service.CodecService;
import dev.sws.workstation.service.CorrectionService;
import dev.sws.workstation.service.GpuService;
import dev.sws.workstation.service.TtsService;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

/**
 * The headless workstation: the composition root that builds, in order, paths, settings, the event bus, the ONNX
 * Runtime environment, the model store and the engine services, each given only what it uses. Created once at
 * start-up (GUI, command line, Spark executor) and passed to whoever needs it (no singletons); closing it cancels the
 * background tasks and closes every loaded model.
 */
public final class Workstation implements AutoCloseable {

    private final AppPaths paths;
    private final dev.sws.workstation.document.TranscriptStore transcripts;
    private final SettingsStore settingsStore;
    private final AtomicReference<Settings> settings;
    private final EventBus bus;
    private final InferenceRuntime runtime;
    private final GpuPack gpuPack;
    private final ModelStore models;
    private final TaskExecutor executor;
    private final DevicePolicy devices;
    private final AsrService asr;
    private final CodecService codec;
    private final CorrectionService correction;
    private final dev.sws.workstation.service.PunctuationService punctuation;
    private final TtsService tts;

    public Workstation(AppPaths paths, TaskExecutor executor) {
        this(paths, executor, null, null);
    }

    /** @param deviceOverride as below */
    public Workstation(AppPaths paths, TaskExecutor executor, String deviceOverride) {
        this(paths, executor, deviceOverride, null);
    }

    /**
     * @param deviceOverride  a device setting for this process only ({@code auto}, {@code cpu}, {@code cuda:N}; the
     *                        command line's {@code --device}); null keeps the saved setting
     * @param threadsOverride intra-op threads per session for this process only (the command line's {@code --threads};
     *                        0 = half the cores); null keeps the saved setting
     */
    public Workstation(AppPaths paths, TaskExecutor executor, String deviceOverride, Integer threadsOverride) {
        this.paths = paths;
        this.transcripts = new dev.sws.workstation.document.TranscriptStore(paths.transcripts());
        Logging.configure(paths.logDir(), Level.INFO);
        this.settingsStore = new SettingsStore(paths.settingsFile());
        Settings loaded = settingsStore.load();
        if (deviceOverride != null || threadsOverride != null) {
            Settings.Device d = loaded.device();
            loaded = loaded.withDevice(new Settings.Device(deviceOverride == null ? d.device() : deviceOverride,
                    threadsOverride == null ? d.threads() : threadsOverride,
                    deviceOverride == null ? d.tasks() : Map.of()));
        }
        this.settings = new AtomicReference<>(loaded);
        this.bus = new EventBus();
        // before ONNX Runtime starts: the GPU runtime pack, when installed and wanted, replaces its CPU natives
        this.gpuPack = GpuPack.in(paths.gpuRuntime(), GpuPack.ORT_1_29_CUDA_12);
        GpuRuntime.activate(gpuPack, settings.get().device().device(), System.getenv());
        this.runtime = new InferenceRuntime(bus);
        this.models = new ModelStore(paths.embedded(), paths.userModels(), List.of(new NemoAsrValidator(runtime),
                new dev.sws.codec.CodecValidator(runtime), new dev.sws.asr.correction.LlmValidator(runtime),
                new dev.sws.tts.TtsValidator(runtime), new dev.sws.asr.mlm.MlmValidator(runtime),
                new dev.sws.asr.punct.PunctValidator(runtime)));
        this.executor = executor;
        this.devices = new DevicePolicy(settings::get, runtime);
        this.asr = new AsrService(models, runtime, settings::get, devices, new ModelCache<>(models, bus));
        this.codec = new CodecService(models, runtime, devices, new ModelCache<>(models, bus));
        this.punctuation = new dev.sws.workstation.service.PunctuationService(models, runtime, settings::get, devices,
                new ModelCache<>(models, bus));
        this.correction = new CorrectionService(models, runtime, settings::get, devices, new ModelCache<>(models, bus),
                new ModelCache<>(models, bus));
        this.tts = new TtsService(models, runtime, devices, asr, paths.voices(), new ModelCache<>(models, bus),
                new ModelCache<>(models, bus));
    }

    public AppPaths paths() {
        return paths;
    }

    /** The transcript documents the user works on (edits, speakers) and the recent files. */
    public dev.sws.workstation.document.TranscriptStore transcripts() {
        return transcripts;
    }

    public Settings settings() {
        return settings.get();
    }

    /** Validates (by construction), persists and publishes new settings. */
    public void updateSettings(Settings s) throws IOException {
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
    public GpuPack gpuPack() {
        return gpuPack;
    }

    /** The GPU runtime pack and the GPUs, for {@code sws gpu} and Settings. */
    public GpuService gpu() {
        return new GpuService(gpuPack, runtime, settings::get, devices);
    }

    /** The device for a task's sessions (see {@link DevicePolicy}). */
    public Device device(Settings.Task task) {
        return devices.forTask(task);
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

    public CodecService codec() {
        return codec;
    }

    public TtsService tts() {
        return tts;
    }

    public CorrectionService correction() {
        return correction;
    }

    /** Punctuation and capitals of finished text. */
    public dev.sws.workstation.service.PunctuationService punctuation() {
        return punctuation;
    }

    /** The batch tasks beyond transcription (correct, codec, tts, punctuation) on this workstation's services. */
    public dev.sws.workstation.service.BatchTasks batchTasks() {
        return new dev.sws.workstation.service.BatchTasks(correction, codec, tts, punctuation, settings::get);
    }

    @Override
    public void close() {
        executor.close();   // first: cancel and wait for the background tasks still using the services' sessions
        correction.close();
        punctuation.close();
        tts.close();
        asr.close();
        codec.close();
        bus.close();
    }
}
