package dev.sws.app.cli;

import dev.sws.app.cli.shared.NonSpeechOption;
import dev.sws.app.cli.shared.LmOption;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.correction.WordDiff;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws transcribe FILE...}: streaming recognition of files, output as text, SRT, VTT or JSON. */
@Command(name = "transcribe", description = "Transcribe audio files (any common format, any sample rate).")
final class TranscribeCommand implements Callable<Integer> {

    @ParentCommand
    SwsCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
    List<Path> files;

    @Option(names = "--model", description = "Model id (default: the settings' or the house model).")
    String model;

    @Option(names = "--format", split = ",", defaultValue = "txt", description = "txt, srt, vtt or json (comma-separated for several).")
    List<String> formats;

    @Option(names = "--out", description = "Write <name>.<format> files into this folder instead of printing.")
    Path out;

    @Option(names = "--correct", description = "Correct finalized segments with the correction model (LLM); changes are listed on stderr.")
    boolean correct;

    @Option(names = "--corrector", description = "Correction model id (default: the installed one).")
    String corrector;

    @Option(names = "--speakers", description = "Label segments by voice (Speaker 1, Speaker 2, … by first appearance); "
            + "the labels go into every format.")
    boolean speakers;

    @Option(names = "--punctuation", negatable = true, description = "Write punctuation and capitals (the punctuation "
            + "model); --no-punctuation: lower-case words as recognised (default: the settings', on).")
    Boolean punctuation;

    @picocli.CommandLine.Mixin
    NonSpeechOption nonSpeech = new NonSpeechOption();

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    LmOption lm = new LmOption();

    @Override
    public Integer call() throws Exception {
        List<TranscriptFormat> fmts = formats.stream().map(TranscriptFormat::parse).toList();
        if (out == null && fmts.size() > 1) {
            throw new UserFacingException("Several formats need --out DIR.");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserFacingException("--out names a folder for the transcripts, but " + out + " is a file.");
        }
        FileTranscriber ft = parent.context().asr().fileTranscriber(model, lm.apply(parent.context().asr()),
                nonSpeech.keep(parent.context()));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        Map<Path, String> bases = outputBases(files);
        for (Path f : files) {
            Transcript t;
            try {
                t = ft.transcribe(f, progress(err, f), s -> { }, null);
            } catch (RuntimeException e) {
                if (files.size() == 1) {
                    throw e;
                }
                err.println(f.getFileName() + ": " + UserFacingException.messageOf(e));
                failed++;
                continue;
            }
            if (correct) {
                var r = parent.context().correction().correct(t, corrector, dev.sws.core.exec.Progress.none());
                for (var c : r.corrections()) {
                    if (!quiet && c.status() != dev.sws.asr.correction.Correction.Status.UNCHANGED) {
                        err.println("  " + c.status().name().toLowerCase(Locale.ROOT) + ": " + WordDiff.inline(c.original(), c.proposal())
                                + (c.changed() ? "" : "  (" + c.reason() + ")"));
                    }
                }
                if (!quiet) {
                    err.printf(Locale.ROOT, "%s: correction changed %d of %d segments (%d proposals rejected by the guards)%n",
                            f.getFileName(), r.changed(), t.segments().size(), r.rejected());
                }
                t = r.applied();
            }
            t = parent.context().punctuation().punctuate(t, punctuation != null ? punctuation
                    : parent.context().settings().asr().punctuate());
            if (!quiet) {
                err.printf(Locale.ROOT, (INTERACTIVE ? "\r" : "") + "%s: %.1f s of audio in %.2f s (RTF %.3f)%s%n", f.getFileName(), t.durationSeconds(),
                        t.computeSeconds(), t.rtf(), t.notes().isEmpty() ? "" : "; " + t.notes(" (--keep-nonspeech keeps " + (t.droppedSegments() == 1 ? "it)" : "them)")));
            } else if (t.endsEarly()) {   // not progress: a warning, --quiet or not
                err.printf(Locale.ROOT, "%s: %s%n", f.getFileName(), t.notes());
            }
            List<String> who = speakers ? speakers(f, t, err) : List.of();
            if (out == null) {
                stdout.print(TranscriptExporter.render(t, fmts.getFirst(), who));
                stdout.flush();
            } else {
                Files.createDirectories(out);
                String base = bases.get(f);
                if (!base.equals(stem(f))) {
                    err.printf(Locale.ROOT, "%s: written as %s.* (another input has the same name)%n", f, base);
                }
                for (TranscriptFormat fmt : fmts) {
                    TranscriptExporter.write(t, fmt, out.resolve(base + "." + fmt.extension()), who);
                }
            }
        }
        if (failed > 0) {
            throw new UserFacingException(failed + " of " + files.size() + " files could not be transcribed.");
        }
        return 0;
    }

    /** A speaker label per segment of {@code t}, found by voice in {@code f}. */
    private List<String> speakers(Path f, Transcript t, PrintWriter err) {
        var r = parent.context().tts().labelSpeakers(dev.sws.audio.io.AudioFiles.read(f, 16000), t.segments())
                .orElseThrow(() -> new UserFacingException("--speakers needs a speaker encoder, and no installed speech "
                        + "model has one (the house TTS model does: 'sws models list')."));
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: %d speaker%s%n", f.getFileName(), r.speakers(), r.speakers() == 1 ? "" : "s");
        }
        return r.names();
    }

    private static String stem(Path f) {
        return f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    /**
     * The output name of each input in one --out folder: its name without extension; with the extension where two
     * inputs share that (talk.wav, talk.mp3 → talk.wav.*, talk.mp3.*); numbered where even that repeats (a/talk.wav,
     * b/talk.wav → talk.wav.*, talk.wav-2.*), so that no transcript overwrites another.
     */
    static Map<Path, String> outputBases(List<Path> files) {
        Map<String, Long> stems = files.stream().collect(java.util.stream.Collectors.groupingBy(TranscribeCommand::stem,
                java.util.stream.Collectors.counting()));
        Map<Path, String> bases = new java.util.LinkedHashMap<>();
        Map<String, Integer> used = new java.util.HashMap<>();
        for (Path f : files) {
            String b = stems.get(stem(f)) > 1 ? f.getFileName().toString() : stem(f);
            int n = used.merge(b, 1, Integer::sum);
            bases.put(f, n == 1 ? b : b + "-" + n);
        }
        return bases;
    }

    /** A terminal on both ends: carriage-return progress lines would clutter a log or a pipe. */
    private static final boolean INTERACTIVE = System.console() != null && System.console().isTerminal();

    private Progress progress(PrintWriter err, Path f) {
        return new Progress() {
            long last;

            @Override
            public void update(double done, double total, String message) {
                long now = System.nanoTime();
                if (!quiet && INTERACTIVE && now - last > 500_000_000L) {   // percentages only for a person watching
                    last = now;
                    err.printf(Locale.ROOT, "\r%s: %3.0f%%", f.getFileName(), 100 * done / Math.max(total, 1e-9));
                    err.flush();
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
