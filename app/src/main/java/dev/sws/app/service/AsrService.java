package dev.sws.app.service;

import dev.sws.app.AppContext;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.OnlineRecognizer;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.EndpointConfig;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.core.bus.ModelEvent;
import dev.sws.core.inference.Device;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.settings.Settings;
import dev.sws.core.util.UserFacingException;

import java.util.HashMap;
import java.util.Map;

/**
 * Loads ASR models lazily (verified against their checksums first), keeps them loaded for reuse and builds
 * recognisers from the user's settings. Thread-safe.
 */
public final class AsrService implements AutoCloseable {

    private final AppContext ctx;
    private final Map<String, AsrModel> loaded = new HashMap<>();

    public AsrService(AppContext ctx) {
        this.ctx = ctx;
    }

    /** The installed ASR model for {@code id}, or the default one when {@code id} is null or empty. */
    public InstalledModel resolve(String id) {
        String want = id != null && !id.isBlank() ? id : ctx.settings().asr().modelId();
        return ctx.models().defaultFor("asr", want).orElseThrow(() -> new UserFacingException(want == null || want.isBlank()
                ? "No speech recognition model is installed; see 'sws models list'."
                : "No speech recognition model named '" + want + "' is installed; see 'sws models list'."));
    }

    public synchronized AsrModel load(InstalledModel m) {
        return load(m, ctx.device("asr"));
    }

    /** The model's sessions on {@code device} (loaded once per model and device). */
    public synchronized AsrModel load(InstalledModel m, Device device) {
        Settings.Device ds = ctx.settings().device();
        String key = m.id() + "@" + device;
        AsrModel model = loaded.get(key);
        if (model == null) {
            long t0 = System.nanoTime();
            ctx.bus().publish(new ModelEvent.Loading(m.id(), 0));
            ctx.models().require(m.id()); // checksums before first use
            model = AsrModel.load(m.dir(), ctx.runtime(), device, ds.effectiveThreads());
            loaded.put(key, model);
            ctx.bus().publish(new ModelEvent.Loaded(m.id(), device.toString(), (System.nanoTime() - t0) / 1_000_000));
        }
        return model;
    }

    /** Recogniser configuration from the settings (latency → chunk size, decoding, endpointing). */
    public RecognizerConfig config(AsrModel model) {
        Settings.Asr a = ctx.settings().asr();
        int[] chunks = model.encoder().supportedChunks();
        int chunk = switch (a.latency()) {
            case "low" -> chunks[0];
            case "accurate" -> chunks[chunks.length - 1];
            default -> model.encoder().defaultChunk();
        };
        RecognizerConfig.Decoding d = "beam".equals(a.decoding()) ? RecognizerConfig.Decoding.BEAM : RecognizerConfig.Decoding.GREEDY;
        EndpointConfig ep = new EndpointConfig(true, Math.max(2.4, a.endpointSilence()), a.endpointSilence(), a.maxUtterance());
        return RecognizerConfig.defaults().withDecoding(d, a.beamSize()).withChunkFrames(chunk).withEndpoint(ep);
    }

    public OnlineRecognizer recognizer(String modelId) {
        AsrModel m = load(resolve(modelId));
        return new OnlineRecognizer(m, config(m));
    }

    public FileTranscriber fileTranscriber(String modelId) {
        return fileTranscriber(modelId, c -> c);
    }

    /** The text the default ASR model hears in {@code audio} (any rate). */
    public String transcribeText(dev.sws.audio.PcmAudio audio) {
        return fileTranscriber(null).transcribe(audio, "audio").text().trim();
    }

    /** A file transcriber whose recogniser configuration (from the settings) is adjusted by {@code tweak}. */
    public FileTranscriber fileTranscriber(String modelId, java.util.function.UnaryOperator<RecognizerConfig> tweak) {
        InstalledModel im = resolve(modelId);
        AsrModel m = load(im);
        return new FileTranscriber(new OnlineRecognizer(m, tweak.apply(config(m))), im.id());
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(AsrModel::close);
        loaded.clear();
    }
}
