package dev.sws.workstation.service;

import dev.sws.core.settings.Settings;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.Segment;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.audio.PcmAudio;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.model.ModelStore;
import dev.sws.core.text.TextNormalizer;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.ReferenceBuilder;
import dev.sws.tts.SpeakerEncoder;
import dev.sws.tts.SpeakerLabels;
import dev.sws.tts.Synthesizer;
import dev.sws.tts.F5OnnxModel;
import dev.sws.tts.SpeechModel;
import dev.sws.tts.TtsModel;
import dev.sws.tts.VoiceStore;

import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads TTS models lazily (checksums first), their speaker encoders, and the voices: the user's (data folder) and the
 * built-in ones each model ships in {@code voices/}. Thread-safe; one synthesis at a time per model.
 */
public final class TtsService implements AutoCloseable {

    private final ModelStore models;
    private final InferenceRuntime runtime;
    private final DevicePolicy devices;
    private final AsrService asr;
    private final Path userVoices;
    private final ModelCache<SpeechModel> loaded;
    private final ModelCache<SpeakerEncoder> speakers;

    /**
     * @param asr        the recogniser that judges takes and supplies the voice activity detector
     * @param userVoices the user's saved voices (data folder)
     */
    public TtsService(ModelStore models, InferenceRuntime runtime, DevicePolicy devices, AsrService asr, Path userVoices,
                      ModelCache<SpeechModel> cache, ModelCache<SpeakerEncoder> speakerCache) {
        this.models = models;
        this.runtime = runtime;
        this.devices = devices;
        this.asr = asr;
        this.userVoices = userVoices;
        this.loaded = cache;
        this.speakers = speakerCache;
    }

    public InstalledModel resolve(String id) {
        return models.defaultFor("tts", id).orElseThrow(() -> new UserFacingException(id == null || id.isBlank()
                ? "No text-to-speech model is installed; see 'sws models list'."
                : "No text-to-speech model named '" + id + "' is installed; see 'sws models list'."));
    }

    /**
     * A synthesizer for model {@code id} (null: the default) that renders each sentence up to {@code takes} times and
     * keeps the take the house recogniser understands best (no trigram: a take must be clear on its own), stopping
     * early at one it hears without error. One take: the plain synthesizer.
     */
    public Synthesizer synthesizer(String id, int takes) {
        try {
            Synthesizer.checkTakes(takes);   // before anything loads
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
        SpeechModel m = load(id);
        if (takes == 1) {
            return new Synthesizer(m);
        }
        FileTranscriber ears = asr.plainTranscriber();
        return new Synthesizer(m, takes, (audio, rate, text) -> misheard(ears, new PcmAudio(audio, rate), text).percent() / 100.0);
    }

    /** The word errors {@code ears} make on {@code audio} against the {@code text} it should say (both normalised). */
    public static WordErrorRate.Counts misheard(FileTranscriber ears, PcmAudio audio, String text) {
        String heard = ears.transcribe(audio, "audio").text().trim();
        return WordErrorRate.compare(dev.sws.tts.TtsText.spoken(text), TextNormalizer.normalize(heard));
    }

    public SpeechModel load(String id) {
        return load(id, devices.forTask(Settings.Task.TTS));
    }

    /** Model {@code id} (null: the default) with its sessions on {@code device}, loaded once per model and device. */
    public SpeechModel load(String id, Device device) {
        return loaded.get(resolve(id), device, (m, d) -> F5OnnxModel.looksLike(m.dir())
                ? F5OnnxModel.load(m.dir(), runtime, d, devices.threads()) : TtsModel.load(m.dir(), runtime, d, devices.threads()));
    }

    public Synthesizer synthesizer(String id) {
        return new Synthesizer(load(id));
    }

    /** The speaker encoder shipped with TTS model {@code id}, if it has one. */
    public Optional<SpeakerEncoder> speakerEncoder(String id) {
        InstalledModel m = resolve(id);
        return Files.isRegularFile(m.dir().resolve("speaker.onnx"))
                ? Optional.of(speakers.get(m, devices.forTask(Settings.Task.TTS), (im, d) -> SpeakerEncoder.load(im.dir(), runtime, d, 1)))
                : Optional.empty();
    }

    /**
     * Speaker labels for the segments of {@code transcript} of {@code audio} ("Speaker 1", … by first appearance),
     * from the default TTS model's speaker encoder; empty when no installed model has one.
     */
    public Optional<SpeakerLabels.Result> labelSpeakers(PcmAudio audio, List<Segment> segments) {
        Optional<SpeakerEncoder> enc;
        try {
            enc = speakerEncoder(null);
        } catch (UserFacingException e) {   // no TTS model installed
            return Optional.empty();
        }
        if (enc.isEmpty()) {
            return Optional.empty();
        }
        int rate = enc.get().sampleRate();
        float[] x = audio.sampleRate() == rate ? audio.samples()
                : dev.sws.audio.dsp.StreamingResampler.resample(audio.samples(), audio.sampleRate(), rate);
        List<double[]> spans = segments.stream().map(s -> new double[]{s.start(), s.end()}).toList();
        return Optional.of(SpeakerLabels.label(enc.get(), x, rate, spans));
    }

    /** User voices plus the built-in voices of every installed TTS model. */
    public VoiceStore voices() {
        List<java.nio.file.Path> builtIn = new ArrayList<>();
        for (InstalledModel m : models.list()) {
            if (m.manifest().task().equals("tts") && Files.isDirectory(m.dir().resolve("voices"))) {
                builtIn.add(m.dir().resolve("voices"));
            }
        }
        return new VoiceStore(userVoices, builtIn);
    }

    /** A voice activity detector for reference clips: Silero when installed, else the energy detector. The caller closes it. */
    public dev.sws.audio.vad.VoiceActivityDetector vad() {
        return asr.sileroVad().orElseGet(dev.sws.audio.vad.EnergyVad::new);
    }

    /**
     * The installed audio-class model (speech / music / noise), used to tell music and noise from speech in reference
     * clips; empty when none is installed or it cannot be loaded (the checks then fall back to the VAD). The caller closes it.
     */
    public Optional<dev.sws.audio.classify.AudioClassifier> audioClassifier() {
        return models.firstUsable("audio-classes", "Audio-class model",
                m -> Optional.of(dev.sws.audio.classify.AudioClassifier.load(m.dir(), runtime)));
    }

    /**
     * Advice when a reference's transcript does not match what our ASR hears in it (more than 60 % of the words differ;
     * our ASR itself gets ~37 % of words wrong on real speech, so smaller gaps are not flagged).
     */
    public java.util.Optional<String> transcriptAdvice(String transcript, String heard) {
        String want = dev.sws.core.text.TextNormalizer.normalize(transcript);
        String got = dev.sws.core.text.TextNormalizer.normalize(heard);
        if (want.isEmpty()) {
            return java.util.Optional.of("The transcript is empty: type what the clip says.");
        }
        double diff = dev.sws.asr.eval.WordErrorRate.compare(want, got).percent();
        if (diff > 60) {
            return java.util.Optional.of(String.format(java.util.Locale.ROOT, "The transcript does not match what our ASR "
                    + "hears (%.0f %% of the words differ; it heard \"%s\"). Check it word for word: a wrong transcript "
                    + "makes the cloned voice mumble or skip words.", Math.min(diff, 100), got));
        }
        return java.util.Optional.empty();
    }

    /**
     * Where a transcript goes on past what a trimmed reference keeps (its clips' speech, with the short pauses put
     * between the parts, passed {@link ReferenceBuilder#MAX_SECONDS}): the words the kept part seems to say, as written in
     * {@code transcript}; empty when the reference was not trimmed or the transcript fits what was {@code heard} in it.
     */
    public static Optional<String> keptTranscript(ReferenceBuilder.Result reference, String transcript, String heard) {
        if (reference.findings().stream().noneMatch(f -> f.code().equals("trimmed"))) {
            return Optional.empty();
        }
        String kept = dev.sws.tts.TranscriptFit.keptPrefix(transcript, heard);
        return kept.equals(transcript) ? Optional.empty() : Optional.of(kept);
    }

    /** The reference of a saved voice, prepared for model {@code id}. */
    public Synthesizer.Reference reference(String modelId, VoiceStore.Entry voice) {
        return referenceFor(load(modelId), voice);
    }

    /** The reference of a saved voice, prepared for an already loaded model (on whatever device it runs). */
    public Synthesizer.Reference referenceFor(SpeechModel m, VoiceStore.Entry voice) {
        PcmAudio ref = VoiceStore.readReference(voice, m.sampleRate());
        return new Synthesizer(m).reference(ref.samples(), voice.voice().transcript());
    }

    @Override
    public void close() {
        try (speakers) {
            loaded.close();
        }
    }
}
