package dev.sws.workstation.service;

import dev.sws.asr.Transcript;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecModel;
import dev.sws.codec.TokenFile;
import dev.sws.core.exec.Progress;
import dev.sws.core.settings.Settings;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.SpeechModel;
import dev.sws.tts.Synthesizer;
import dev.sws.workstation.batch.BatchRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The batch tasks beyond transcription, on the application's engines (default models, first voice). */
public final class BatchTasks implements BatchRunner.Handlers {

    private final CorrectionService correction;
    private final CodecService codec;
    private final TtsService tts;
    private final PunctuationService punctuation;
    private final Supplier<Settings> settings;
    private Synthesizer.Reference reference;   // the first voice, prepared once per batch

    public BatchTasks(CorrectionService correction, CodecService codec, TtsService tts, PunctuationService punctuation,
                      Supplier<Settings> settings) {
        this.correction = correction;
        this.punctuation = punctuation;
        this.codec = codec;
        this.tts = tts;
        this.settings = settings;
    }

    @Override
    public Transcript correct(Transcript t) {
        return correction.correct(t, null, Progress.none()).applied();
    }

    @Override
    public Transcript punctuate(Transcript t) {
        return punctuation.punctuate(t, true);   // the job asked for it: its choice, stored with it, not today's settings
    }

    @Override
    public double codec(Path audio, Path tokens) throws IOException {
        CodecModel m = codec.load(null);
        PcmAudio a = AudioFiles.read(audio, m.info().sampleRate());
        TokenFile.of(m.info(), m.encode(a.samples())).write(tokens);
        return a.durationSeconds();
    }

    @Override
    public double tts(Path text, Path wav) throws IOException {
        String say = Files.readString(text, StandardCharsets.UTF_8).strip();
        if (say.isEmpty()) {
            throw new UserFacingException(text.getFileName() + " is empty: nothing to say.");
        }
        var prefs = settings.get().tts();   // speed and takes from the settings; the model's own sampler defaults
        Synthesizer synth = tts.synthesizer(null, prefs.takes());
        SpeechModel m = synth.model();
        float[] audio = synth.synthesize(say, reference(), m.defaults().withSpeed((float) prefs.speed()),
                () -> Thread.currentThread().isInterrupted(), (a, c, n) -> { });
        PcmAudio out = new PcmAudio(audio, m.sampleRate());
        AudioFiles.write(wav, out);
        return out.durationSeconds();
    }

    @Override
    public java.util.List<String> speakers(Path audio, Transcript t) {
        return tts.labelSpeakers(AudioFiles.read(audio, 16000), t.segments()).map(dev.sws.tts.SpeakerLabels.Result::names)
                .orElseThrow(() -> new UserFacingException("Speaker labels need a speaker encoder, and no installed speech model "
                        + "has one (the house TTS model does)."));
    }

    private synchronized Synthesizer.Reference reference() {
        if (reference == null) {
            TtsService svc = tts;
            var voice = svc.voices().list().stream().findFirst()
                    .orElseThrow(() -> new UserFacingException("No voice to speak with; see 'sws voices list'."));
            reference = svc.reference(null, voice);
        }
        return reference;
    }
}
