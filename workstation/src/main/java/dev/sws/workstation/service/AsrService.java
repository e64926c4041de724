package dev.sws.workstation.service;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.OnlineRecognizer;
import dev.sws.asr.SpeechGate;
import dev.sws.audio.vad.SileroVad;
import dev.sws.audio.vad.VoiceActivityDetector;
import dev.sws.asr.lm.NgramLm;
import dev.sws.asr.lm.LmFusion;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.EndpointConfig;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.ModelStore;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.settings.Settings;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Loads ASR models lazily (verified against their checksums first), keeps them loaded for reuse and builds
 * recognisers from the user's settings. Thread-safe.
 */
public final class AsrService implements AutoCloseable {

    /** The model that ships the house word trigram ({@code ngram.arpa.gz}). */
    public static final String HOUSE_LM_MODEL = "house-corrector-en-s1";
    /** Fusion weights chosen for the house trigram on allison-train (ADR 0008). */
    public static final double LM_WEIGHT = 0.2;
    public static final double LM_WORD_BONUS = 2.0;
    private static final Logger LOG = Logger.getLogger(AsrService.class.getName());

    private final ModelStore models;
    private final InferenceRuntime runtime;
    private final Supplier<Settings> settings;
    private final DevicePolicy devices;
    private final ModelCache<AsrModel> loaded;
    private final Map<String, NgramLm> lms = new HashMap<>();
    private OwnedSession vadSession;
    private boolean vadUnavailable;

    public AsrService(ModelStore models, InferenceRuntime runtime, Supplier<Settings> settings, DevicePolicy devices,
                      ModelCache<AsrModel> cache) {
        this.models = models;
        this.runtime = runtime;
        this.settings = settings;
        this.devices = devices;
        this.loaded = cache;
    }

    /** The installed ASR model for {@code id}, or the default one when {@code id} is null or empty. */
    public InstalledModel resolve(String id) {
        String want = id != null && !id.isBlank() ? id : settings.get().asr().modelId();
        return models.defaultFor("asr", want).orElseThrow(() -> new UserFacingException(want == null || want.isBlank()
                ? "No speech recognition model is installed; see 'sws models list'."
                : "No speech recognition model named '" + want + "' is installed; see 'sws models list'."));
    }

    public AsrModel load(InstalledModel m) {
        return load(m, devices.forTask(Settings.Task.ASR));
    }

    /** The model's sessions on {@code device} (loaded once per model and device). */
    public AsrModel load(InstalledModel m, Device device) {
        return loaded.get(m, device, (im, d) -> AsrModel.load(im.dir(), runtime, d, devices.threads()));
    }

    /** Recogniser configuration from the settings (latency → chunk size, decoding, endpointing). */
    public RecognizerConfig config(AsrModel model) {
        Settings.Asr a = settings.get().asr();
        int[] chunks = model.encoder().supportedChunks();
        int chunk = switch (a.latency()) {
            case LOW -> chunks[0];
            case ACCURATE -> chunks[chunks.length - 1];
            case BALANCED -> model.encoder().defaultChunk();
        };
        RecognizerConfig.Decoding d = switch (a.decoding()) {
            case BEAM -> RecognizerConfig.Decoding.BEAM;
            case GREEDY -> RecognizerConfig.Decoding.GREEDY;
        };
        EndpointConfig ep = new EndpointConfig(true, Math.max(2.4, a.endpointSilence()), a.endpointSilence(), a.maxUtterance());
        return RecognizerConfig.defaults().withDecoding(d, a.beamSize()).withChunkFrames(chunk).withEndpoint(ep)
                .withLm(languageModel(a.languageModel(), LM_WEIGHT, LM_WORD_BONUS));
    }

    /** The language model the settings name ({@code house}, {@code none} or a file). */
    public String settingsLanguageModel() {
        return settings.get().asr().languageModel();
    }

    /**
     * The word n-gram named by {@code which} ({@code house}, {@code none} or an ARPA file), ready for fusion, or null
     * for none. Each file is read once per process. The house trigram comes with the house corrector; without that
     * model installed, recognition runs without it (logged).
     */
    public synchronized LmFusion languageModel(String which, double weight, double bonus) {
        if (which == null || Settings.Asr.NO_LM.equals(which)) {
            return null;
        }
        Path file;
        if (Settings.Asr.HOUSE_LM.equals(which)) {
            var house = models.find(HOUSE_LM_MODEL);
            if (house.isEmpty() || !Files.isRegularFile(house.get().dir().resolve("ngram.arpa.gz"))) {
                LOG.warning("the house language model (" + HOUSE_LM_MODEL + "/ngram.arpa.gz) is not installed; decoding without it");
                return null;
            }
            file = house.get().dir().resolve("ngram.arpa.gz");
        } else {
            file = Path.of(which);
        }
        NgramLm lm = lms.get(file.toString());
        if (lm == null) {
            if (!Files.isRegularFile(file)) {
                throw new UserFacingException("The language model " + file + " is not a file (Settings or --lm: house, none or an ARPA file).");
            }
            try {
                lm = NgramLm.load(file);
            } catch (IOException | RuntimeException e) {
                throw new UserFacingException("The language model " + file.getFileName() + " is not a usable ARPA n-gram ("
                        + e.getMessage() + ").", e);
            }
            lms.put(file.toString(), lm);
        }
        return new LmFusion(lm, weight, bonus);
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

    /**
     * The default recogniser without the fused trigram: it hears what the audio says, not what the LM expects. Scores
     * synthesis and codec round trips (every TTS and codec figure was measured with it, ADR 0008) and
     * judges TTS takes. It keeps every segment (no speech gate), as those measurements did.
     */
    public FileTranscriber plainTranscriber() {
        return fileTranscriber(null, c -> c.withLm(null), true);
    }

    /** A file transcriber whose recogniser configuration (from the settings) is adjusted by {@code tweak}. */
    public FileTranscriber fileTranscriber(String modelId, java.util.function.UnaryOperator<RecognizerConfig> tweak) {
        return fileTranscriber(modelId, tweak, settings.get().asr().keepNonSpeech());
    }

    /** As above; {@code keepNonSpeech} false drops segments in which the voice activity detector heard no speech. */
    public FileTranscriber fileTranscriber(String modelId, java.util.function.UnaryOperator<RecognizerConfig> tweak,
                                           boolean keepNonSpeech) {
        InstalledModel im = resolve(modelId);
        AsrModel m = load(im);
        return new FileTranscriber(new OnlineRecognizer(m, tweak.apply(config(m))), im.id(), keepNonSpeech ? null : speechGates());
    }

    /**
     * New speech gates (one per stream) over the installed Silero VAD, or null when none is installed or it does not
     * load (then every segment is kept, and the log says why).
     */
    public java.util.function.Supplier<SpeechGate> speechGates() {
        return vadSession().isEmpty() ? null : () -> new SpeechGate(sileroVad().orElseThrow(), sileroVad().orElseThrow());
    }

    /** A new speech gate for one live stream when the settings drop non-speech and a VAD is installed, else null. */
    public SpeechGate speechGate() {
        var gates = settings.get().asr().keepNonSpeech() ? null : speechGates();
        return gates == null ? null : gates.get();
    }

    /** A new Silero detector over the shared session (the caller closes the detector; the session stays open), or empty. */
    public Optional<VoiceActivityDetector> sileroVad() {
        return vadSession().map(SileroVad::over);
    }

    /** The installed Silero VAD's session, opened once and shared by every detector (its runs are thread-safe). */
    private synchronized Optional<OwnedSession> vadSession() {
        if (vadSession == null && !vadUnavailable) {
            vadSession = models.firstUsable("vad", "Voice activity detector", m -> {
                try (var files = Files.list(m.dir())) {
                    Optional<Path> onnx = files.filter(f -> f.toString().endsWith(".onnx")).findFirst();
                    if (onnx.isEmpty()) {
                        return Optional.empty();
                    }
                    models.require(m.id());
                    return Optional.of(SileroVad.open(runtime, onnx.get()));
                }
            }).orElse(null);
            if (vadSession == null) {
                vadUnavailable = true;
                LOG.warning("no usable voice activity detector is installed: segments without speech are kept");
            }
        }
        return Optional.ofNullable(vadSession);
    }

    @Override
    public synchronized void close() {
        loaded.close();
        if (vadSession != null) {
            vadSession.close();
            vadSession = null;
        }
    }
}
