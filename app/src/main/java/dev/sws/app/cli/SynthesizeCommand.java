package dev.sws.app.cli;

import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.SamplerOptions;
import dev.sws.tts.Synthesizer;
import dev.sws.tts.SpeechModel;
import dev.sws.tts.VoiceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws synthesize}: text to speech in a saved voice or a reference clip, with the flow-matching model. */
@Command(name = "synthesize", description = "Text to speech (flow matching) in a saved voice or from a reference clip.")
final class SynthesizeCommand implements Callable<Integer> {

    @ParentCommand
    SwsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--text", description = "The text to speak.")
    String text;
    @Option(names = "--text-file", description = "Read the text from this UTF-8 file instead.")
    Path textFile;
    @Option(names = "--voice", description = "A saved voice (see 'sws voices list'); default: the model's first built-in voice.")
    String voice;
    @Option(names = "--ref", description = "Reference clip of the voice to clone (3-12 s of speech).")
    Path ref;
    @Option(names = "--ref-text", description = "What the reference clip says.")
    String refText;
    @Option(names = "--nfe", description = "Sampler steps, 1-64 (default: the model's, 16).")
    Integer nfe;
    @Option(names = "--speed", description = "Speaking rate factor, 0.5-2 (default: the settings', 1).")
    Float speed;
    @Option(names = "--cfg", description = "Guidance strength, 0-10 (default: the model's).")
    Float cfg;
    @Option(names = "--guidance-end", description = "Guide only the steps that start before this time, 0..1 (default: "
            + "the model's).")
    Float guidanceEnd;
    @Option(names = "--sway", description = "Sway sampling coefficient (default: the model's, -1).")
    Float sway;
    @Option(names = "--seed", defaultValue = "0", description = "Noise seed; another seed gives another rendering.")
    long seed;
    @Option(names = "--takes", description = "Render each sentence up to N times (1-8) and keep the take our ASR "
            + "understands best; slower (each take is a full rendering), clearer (default: the settings', 1).")
    Integer takes;
    @Option(names = "--model", description = "TTS model id (default: the house model).")
    String model;
    @Option(names = "--out", description = "Output audio: .wav, .flac, or .mp3, .opus, .m4a to share.")
    Path out;
    @Option(names = "--play", description = "Play while rendering: the first sentence sounds while the rest is computed.")
    boolean play;

    @Override
    public Integer call() throws IOException {
        if (out == null && !play) {
            throw new UserFacingException("Give --out FILE (.wav, .flac, .mp3, .opus, .m4a), --play, or both.");
        }
        String say = text;
        if (textFile != null) {
            try {
                say = Files.readString(textFile, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new UserFacingException(textFile.getFileName() + " is not UTF-8 text; save it as UTF-8 and try again.", e);
            }
        }
        if (say == null || say.isBlank()) {
            throw new UserFacingException("Give the text to speak with --text or --text-file.");
        }
        if ((ref == null) != (refText == null)) {
            throw new UserFacingException("--ref and --ref-text go together: the reference clip and what it says.");
        }
        var svc = parent.context().tts();
        Synthesizer synth = svc.synthesizer(model, takes != null ? takes : parent.context().settings().tts().takes());
        SpeechModel m = synth.model();
        Synthesizer.Reference reference;
        String voiceName;
        if (ref != null) {
            PcmAudio r = AudioFiles.read(ref, m.sampleRate());
            double secs = r.durationSeconds();
            if (secs < 1.0 || secs > 30.0) {
                throw new UserFacingException(String.format(Locale.ROOT, "The reference clip is %.1f s long; use 3-12 s of "
                        + "speech (the Voice Lab trims and checks clips for you).", secs));
            }
            reference = synth.reference(r.samples(), refText);
            voiceName = ref.getFileName().toString();
        } else {
            VoiceStore store = svc.voices();
            VoiceStore.Entry e = (voice == null ? store.list().stream().findFirst() : store.find(voice))
                    .orElseThrow(() -> new UserFacingException(voice == null
                            ? "No voice is available: give --ref and --ref-text, or add one with 'sws voices add'."
                            : "There is no voice named '" + voice + "'; see 'sws voices list'."));
            reference = svc.reference(model, e);
            voiceName = e.voice().name();
        }
        SamplerOptions d = m.defaults();
        SamplerOptions o;
        try {
            o = new SamplerOptions(nfe != null ? nfe : d.nfe(), sway != null ? sway : d.sway(), cfg != null ? cfg : d.cfg(),
                    speed != null ? speed : (float) parent.context().settings().tts().speed(), seed,
                    guidanceEnd != null ? guidanceEnd : d.guidanceEnd());
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
        dev.sws.audio.capture.StreamingPlayer player = null;
        if (play) {
            try {
                player = new dev.sws.audio.capture.StreamingPlayer(m.sampleRate());
            } catch (dev.sws.audio.capture.AudioDeviceException e) {
                spec.commandLine().getErr().println(e.getMessage() + (out != null ? " Writing " + out + " only." : ""));
            }
        }
        long t0 = System.nanoTime();
        long[] first = {0};
        int[] reported = {-1};
        float[] audio;
        var speaker = player;
        var progress = spec.commandLine().getErr();
        try {
            audio = synth.synthesize(say, reference, o, () -> Thread.currentThread().isInterrupted(), new Synthesizer.Listener() {
                @Override
                public void audio(float[] s, int chunk, int total) {
                    if (first[0] == 0 && s.length > 0) {
                        first[0] = System.nanoTime();
                    }
                    if (total > 1 && chunk > reported[0]) {   // long text renders for minutes: say how far it is
                        reported[0] = chunk;
                        progress.printf(Locale.ROOT, "rendered part %d of %d%n", chunk + 1, total);
                        progress.flush();
                    }
                    if (speaker != null) {
                        speaker.accept(s);
                    }
                }

                @Override
                public void take(int chunk, int take, int takes, double errorRate) {
                    progress.printf(Locale.ROOT, "part %d: kept take %d of up to %d (our ASR: %.0f%% word errors)%n",
                            chunk + 1, take + 1, takes, 100 * errorRate);
                    progress.flush();
                }
            });
        } catch (IllegalArgumentException e) {
            if (speaker != null) {
                speaker.close();
            }
            throw new UserFacingException(e.getMessage(), e);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        PcmAudio result = new PcmAudio(audio, m.sampleRate());
        if (out != null) {
            AudioFiles.write(out, result);
        }
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%s: %.2f s of speech in voice '%s' (NFE %d, cfg %.1f, speed %.2f, seed %d), first audio after %.2f s, RTF %.3f%n",
                out != null ? out : "(not saved)", result.durationSeconds(), voiceName, o.nfe(), o.cfg(), o.speed(), seed,
                (first[0] - t0) / 1e9, secs / Math.max(result.durationSeconds(), 1e-9));
        if (speaker != null) {
            try {
                speaker.finish();
                spec.commandLine().getOut().printf(Locale.ROOT, "played: first sound %.2f s after rendering began%n",
                        speaker.firstSoundSeconds());
            } catch (InterruptedException e) {
                speaker.close();
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }
}
