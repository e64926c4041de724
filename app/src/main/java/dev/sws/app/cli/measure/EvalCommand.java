package dev.sws.app.cli.measure;

import dev.sws.app.cli.shared.NonSpeechOption;
import dev.sws.app.cli.shared.LmOption;
import dev.sws.app.cli.shared.CommandGroup;

import dev.sws.asr.Segment;
import dev.sws.asr.eval.AsrEvaluator;
import dev.sws.asr.eval.NBestOracle;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.asr.model.RecognizerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws eval asr --manifest TSV}: word error rate over a manifest. */
@Command(name = "eval", description = "Measure quality against references.", subcommands = {EvalCommand.Asr.class, EvalCommand.Codec.class, EvalTts.class, EvalPunct.class})
public final class EvalCommand extends CommandGroup {


    @Command(name = "asr", description = "WER of speech recognition over TSV manifests (columns path, normalized); "
            + "with several, a table of the sets follows.")
    static final class Asr implements Callable<Integer> {
        @ParentCommand
        EvalCommand eval;
        @Spec
        CommandSpec spec;

        @Option(names = "--manifest", required = true, arity = "1..*", description = "TSV with a header; path relative "
                + "to the TSV's folder. Several (repeated or listed) are evaluated one after another.")
        List<Path> manifests;

        @Option(names = "--model", description = "Model id.")
        String model;

        @Option(names = "--limit", description = "Evaluate only the first N entries.")
        Integer limit;

        @Option(names = "--decoding", description = "greedy or beam (default: the settings).")
        String decoding;

        @Option(names = "--beam", description = "Beam width for --decoding beam (default: the settings).")
        Integer beam;

        @Option(names = "--correct", description = "Also correct the transcripts with the correction model and report both WERs, harmful edits and latency.")
        boolean correct;

        @Option(names = "--oracle", arity = "0..1", fallbackValue = "4", paramLabel = "K",
                description = "Also report the n-best oracle WER: the best choice among the first K hypotheses of each "
                        + "segment (default K: 4, what the corrector reads); the ceiling of picking a hypothesis.")
        Integer oracle;

        @Option(names = "--corrector", description = "Correction model id (default: the installed one).")
        String corrector;

        @Option(names = "--margin", description = "Confidence margin in nats for accepting a rewrite (default: ${DEFAULT-VALUE}).",
                defaultValue = "" + dev.sws.asr.correction.TranscriptCorrector.DEFAULT_MARGIN)
        double margin;

        @picocli.CommandLine.Mixin
        LmOption lm = new LmOption();

        @picocli.CommandLine.Mixin
        NonSpeechOption nonSpeech = new NonSpeechOption();

        @Option(names = "--no-rescore", description = "With --correct: leave out the corrector's n-gram rescoring of the "
                + "n-best list (to measure the model alone).")
        boolean noRescore;

        @Option(names = "--rescoring", defaultValue = "auto", description = "With --correct: how n-best lists are "
                + "rescored: auto (the masked LM when one is installed, else the corrector's n-gram), mlm or ngram.")
        String rescoring;

        @Option(names = "--generate", negatable = true, description = "With --correct: with (--generate) or without "
                + "(--no-generate) the model's rewrite, whatever the model folder's default (the house corrector's is "
                + "off: only the n-gram rescoring corrects); to measure each part.")
        Boolean generate;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> rows = new java.util.ArrayList<>();
            for (Path manifest : manifests) {
                if (manifests.size() > 1) {
                    out.println("## " + manifest);
                }
                AsrEvaluator.Report r = evaluate(manifest, out);
                rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.3f |", setName(manifest), r.items().size(),
                        r.total().referenceWords(), r.total().percent(),
                        r.audioSeconds() > 0 ? r.computeSeconds() / r.audioSeconds() : 0));
            }
            if (manifests.size() > 1) {
                out.println();
                out.println("| set | files | words | WER % | RTF |");
                out.println("|---|---|---|---|---|");
                rows.forEach(out::println);
            }
            return 0;
        }

        private dev.sws.workstation.service.CorrectionService.Rescoring rescoring() {
            return switch (rescoring) {
                case "auto" -> dev.sws.workstation.service.CorrectionService.Rescoring.AUTO;
                case "mlm" -> dev.sws.workstation.service.CorrectionService.Rescoring.MASKED_LM;
                case "ngram" -> dev.sws.workstation.service.CorrectionService.Rescoring.NGRAM;
                default -> throw new dev.sws.core.util.UserFacingException("--rescoring must be auto, mlm or ngram, not '"
                        + rescoring + "'.");
            };
        }

        /** The manifest's file name without .tsv: the set's name in the table. */
        static String setName(Path manifest) {
            String n = manifest.getFileName().toString();
            return n.endsWith(".tsv") ? n.substring(0, n.length() - 4) : n;
        }

        private AsrEvaluator.Report evaluate(Path manifest, PrintWriter out) {
            List<AsrEvaluator.Entry> entries = AsrEvaluator.readManifest(manifest);
            if (limit != null && limit < entries.size()) {
                entries = entries.subList(0, limit);
            }
            if (decoding != null && !decoding.equals("greedy") && !decoding.equals("beam")) {
                throw new dev.sws.core.util.UserFacingException("--decoding must be greedy or beam, not '" + decoding + "'.");
            }
            var fusion = lm.apply(eval.context().asr());
            var ft = eval.context().asr().fileTranscriber(model, c -> fusion.apply(decoding == null ? c
                    : c.withDecoding(decoding.equals("beam") ? RecognizerConfig.Decoding.BEAM : RecognizerConfig.Decoding.GREEDY,
                    beam != null ? beam : Math.max(1, c.beamSize()))), nonSpeech.keep(eval.context()));
            var ctx = eval.context();
            java.util.Map<java.nio.file.Path, String> raw = new java.util.HashMap<>();
            List<dev.sws.asr.correction.Correction> corrections = new java.util.ArrayList<>();
            java.util.Map<java.nio.file.Path, List<Segment>> segments = new java.util.HashMap<>();
            java.util.Map<java.nio.file.Path, List<dev.sws.asr.Word>> words = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.function.Function<java.nio.file.Path, dev.sws.asr.Transcript> recognize = f -> {
                dev.sws.asr.Transcript t = ft.transcribe(f);
                words.put(f, t.segments().stream().flatMap(s -> s.words().stream()).toList());
                if (oracle != null) {
                    segments.put(f, t.segments());
                }
                if (!correct) {
                    return t;
                }
                raw.put(f, t.text());
                var cr = ctx.correction().correct(t, corrector, margin, noRescore ? null : rescoring(), generate,
                        dev.sws.core.exec.Progress.none());
                corrections.addAll(cr.corrections());
                return cr.applied();
            };
            AsrEvaluator.Report r = AsrEvaluator.run(entries, recognize, line -> {
                if (line.startsWith("WER ")) {
                    return; // printed last, after the timing line
                }
                out.println(line);
                out.flush();
            }, dev.sws.core.exec.Progress.none());
            long unreadable = r.items().stream().filter(i -> i.error() != null).count();
            out.printf(Locale.ROOT, "# %d file%s%s, %.1f s of audio, %.1f s compute, RTF %.4f%n", r.items().size(),
                    r.items().size() == 1 ? "" : "s", unreadable == 0 ? "" : " (" + unreadable + " unreadable, marked ERROR: "
                            + "their words count as missed)", r.audioSeconds(),
                    r.computeSeconds(), r.audioSeconds() > 0 ? r.computeSeconds() / r.audioSeconds() : 0);
            dev.sws.asr.eval.WordMarks marks = new dev.sws.asr.eval.WordMarks();   // what the editor's marks would catch
            entries.forEach(e -> marks.add(e.reference(), words.getOrDefault(e.file(), List.of())));
            out.println("# " + marks.summary(ctx.settings().ui().lowConfidence()));
            if (correct) {
                CorrectionSummary.print(out, entries, raw, r, corrections);
            }
            if (oracle != null) {
                WordErrorRate.Counts top = WordErrorRate.Counts.zero();
                WordErrorRate.Counts best = WordErrorRate.Counts.zero();
                for (AsrEvaluator.Entry e : entries) {
                    List<Segment> s = segments.getOrDefault(e.file(), List.of());
                    top = top.plus(NBestOracle.counts(e.reference(), s, 1));
                    best = best.plus(NBestOracle.counts(e.reference(), s, oracle));
                }
                out.printf(Locale.ROOT, "# n-best oracle (best of the first %d hypotheses per segment): WER %.2f (top "
                        + "hypothesis %.2f; %+.1f %% relative)%n", oracle, best.percent(), top.percent(),
                        top.percent() == 0 ? 0 : 100 * (best.percent() - top.percent()) / top.percent());
            }
            out.println(r.summaryLine());
            return r;
        }
    }

    @Command(name = "codec", description = "Round trip of the neural codec next to codec2: mel distance, SI-SDR, WER of our ASR.")
    static final class Codec implements Callable<Integer> {
        @ParentCommand
        EvalCommand eval;
        @Spec
        CommandSpec spec;

        @Option(names = "--manifest", required = true, description = "TSV with a header: path (and optionally normalized).")
        Path manifest;

        @Option(names = "--model", description = "Codec model id.")
        String model;

        @Option(names = "--limit", description = "Evaluate only the first N entries.")
        Integer limit;

        @Option(names = "--codec2", defaultValue = "1200,2400", description = "codec2 modes to compare, comma-separated "
                + "(--codec2= for none; default: ${DEFAULT-VALUE}).")
        String codec2;

        /** "1200,2400" → {1200, 2400}; blank → none. */
        static int[] codec2Modes(String spec) {
            try {
                return java.util.Arrays.stream(spec.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new dev.sws.core.util.UserFacingException("--codec2 takes codec2 bit rates such as 1200,2400 (or "
                        + "nothing), not '" + spec + "'.");
            }
        }

        @Override
        public Integer call() throws java.io.IOException {
            List<AsrEvaluator.Entry> entries = AsrEvaluator.readManifest(manifest, false);
            if (limit != null && limit < entries.size()) {
                entries = entries.subList(0, limit);
            }
            var ctx = eval.context();
            // the recogniser every earlier codec figure was measured with (TtsEval.instrument)
            CodecEval.run(entries, ctx.codec().load(model), TtsEval.instrument(ctx), codec2Modes(codec2),
                    spec.commandLine().getOut());
            return 0;
        }
    }
}
