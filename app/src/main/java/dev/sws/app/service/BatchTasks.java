package dev.sws.app.service;

import dev.sws.app.AppContext;
import dev.sws.app.batch.BatchRunner;
import dev.sws.asr.Transcript;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecModel;
import dev.sws.codec.TokenFile;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.SpeechModel;
import dev.sws.tts.Synthesizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The batch tasks beyond transcription, on the application's engines (default models, first voice). */
public final class BatchTasks implements BatchRunner.Handlers {

    private final AppContext ctx;
    private Synthesizer.Reference reference;   // the first voice, prepared once per batch

    public BatchTasks(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Transcript correct(Transcript t) {
        return ctx.correction().correct(t, null, Progress.none()).applied();
    }

    @Override
    public double codec(Path audio, Path tokens) throws IOException {
        CodecModel m = ctx.codec().load(null);
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
        var prefs = ctx.settings().tts();   // speed and takes from the settings; the model's own sampler defaults
        Synthesizer synth = ctx.tts().synthesizer(null, prefs.takes());
        SpeechModel m = synth.model();
        float[] audio = synth.synthesize(say, reference(), m.defaults().withSpeed((float) prefs.speed()),
                () -> Thread.currentThread().isInterrupted(), (a, c, n) -> { });
        PcmAudio out = new PcmAudio(audio, m.sampleRate());
        AudioFiles.write(wav, out);
        return out.durationSeconds();
    }

    private synchronized Synthesizer.Reference reference() {
        if (reference == null) {
            TtsService svc = ctx.tts();
            var voice = svc.voices().list().stream().findFirst()
                    .orElseThrow(() -> new UserFacingException("No voice to speak with; see 'sws voices list'."));
            reference = svc.reference(null, voice);
        }
        return reference;
    }
}
