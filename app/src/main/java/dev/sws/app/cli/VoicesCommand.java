package dev.sws.app.cli;

import dev.sws.app.cli.shared.TextTable;
import dev.sws.app.cli.shared.CommandGroup;
import dev.sws.workstation.service.TtsService;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.util.UserFacingException;
import dev.sws.tts.ReferenceBuilder;
import dev.sws.tts.SpeakerEncoder;
import dev.sws.tts.Voice;
import dev.sws.tts.VoiceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws voices list|add|remove}: the saved voices for cloning. */
@Command(name = "voices", description = "Saved voices for text to speech: list, add, remove.",
        subcommands = {VoicesCommand.ListVoices.class, VoicesCommand.Add.class, VoicesCommand.Remove.class})
final class VoicesCommand extends CommandGroup {

    @Command(name = "list", description = "List the built-in and saved voices.")
    static final class ListVoices implements Callable<Integer> {
        @ParentCommand
        VoicesCommand voices;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            List<VoiceStore.Entry> all = voices.parent.context().tts().voices().list();
            List<String[]> rows = new java.util.ArrayList<>();
            rows.add(new String[]{"NAME", "KIND", "CONSENT", "TRANSCRIPT"});
            for (VoiceStore.Entry e : all) {
                Voice v = e.voice();
                rows.add(new String[]{v.name(), e.builtIn() ? "built-in" : "saved",
                        clip(v.consent().speaker(), 40) + ", " + v.consent().date(), clip(v.transcript(), 48)});
            }
            TextTable.lines(rows, java.util.Set.of(), "").forEach(o::println);
            o.printf(Locale.ROOT, "%d voice%s%n", all.size(), all.size() == 1 ? "" : "s");
            return 0;
        }
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max - 3) + "..." : s;
    }

    @Command(name = "add", description = "Build a voice from 1-8 clips of one speaker (trimmed, checked, normalised) and save it with the speaker's consent.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        VoicesCommand voices;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", required = true, description = "Name of the new voice.")
        String name;
        @Parameters(arity = "1..8", description = "Audio clips of the speaker (any format FFmpeg reads).")
        List<Path> clips;
        @Option(names = "--text", description = "What the clips say (default: transcribed by the house ASR model).")
        String text;
        @Option(names = "--speaker", required = true, description = "Who is speaking (consent).")
        String speaker;
        @Option(names = "--purpose", required = true, description = "What the voice will be used for (consent).")
        String purpose;
        @Option(names = "--consent", required = true, description = "Confirms that the speaker agreed to this use of their voice.")
        boolean consent;
        @Option(names = "--model", description = "TTS model id (default: the house model).")
        String model;

        @Override
        public Integer call() throws IOException {
            PrintWriter o = spec.commandLine().getOut();
            var svc = voices.parent.context().tts();
            svc.load(model);   // fails early, with a clear message, when no TTS model is installed
            List<float[]> audio = new ArrayList<>();
            for (Path c : clips) {
                audio.add(AudioFiles.read(c, 16000).samples());
            }
            ReferenceBuilder.Result r;
            try (var vad = svc.vad(); var classes = svc.audioClassifier().orElse(null)) {
                r = ReferenceBuilder.build(audio, vad, svc.speakerEncoder(model).orElse(null), classes);
            }
            r.findings().forEach(f -> o.println((f.severity() == ReferenceBuilder.Severity.BLOCKER ? "problem: " : "advice: ") + f.advice()));
            if (!r.usable()) {
                throw new UserFacingException("The clips cannot be used as a voice yet; see the advice above.");
            }
            PcmAudio ref16 = new PcmAudio(r.audio(), 16000);
            String heard = voices.parent.context().asr().transcribeText(ref16);
            String transcript = text;
            if (transcript == null || transcript.isBlank()) {
                transcript = heard;
                o.println("transcript (house ASR; pass --text to correct it): " + transcript);
                if (transcript.isBlank()) {
                    throw new UserFacingException("The clips could not be transcribed; pass what they say with --text.");
                }
            } else {
                // --text covers every clip, a trimmed reference only its first 12 s: keep the words that part says
                var kept = TtsService.keptTranscript(r, transcript, heard);
                if (kept.isPresent()) {
                    o.println("advice: the transcript was cut to what the kept part says: \"" + kept.get() + "\". If that"
                            + " is wrong, pass --text with exactly the words of the kept part.");
                    transcript = kept.get();
                }
                svc.transcriptAdvice(transcript, heard).ifPresent(a -> o.println("advice: " + a));
            }
            // stored at 16 kHz like the Voice Lab's voices; each model resamples the reference when it loads it
            PcmAudio ref = ref16;
            float[] emb = svc.speakerEncoder(model).map((SpeakerEncoder s) -> s.embed(ref.samples())).orElse(new float[0]);
            Voice v;
            try {
                v = new Voice(name, transcript, new Voice.Consent(speaker, purpose, LocalDate.now().toString(), consent), emb,
                        clips.stream().map(Path::toString).toList(),
                        r.findings().stream().map(ReferenceBuilder.Finding::advice).toList(), Instant.now());
                VoiceStore.Entry e = svc.voices().save(v, ref);
                o.printf(Locale.ROOT, "saved voice '%s': %.1f s reference (%.1f s of speech found, SNR %.0f dB) -> %s%n",
                        name, ref.durationSeconds(), r.speechSeconds(), r.snrDb(), e.reference().getParent());
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage(), e);
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a saved voice.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        VoicesCommand voices;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0")
        String name;

        @Override
        public Integer call() throws IOException {
            try {
                voices.parent.context().tts().voices().remove(name);
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage(), e);
            }
            spec.commandLine().getOut().println("removed voice '" + name + "'");
            return 0;
        }
    }
}
