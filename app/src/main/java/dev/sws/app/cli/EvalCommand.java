package dev.sws.app.cli;

import dev.sws.asr.eval.AsrEvaluator;
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
@Command(name = "eval", description = "Measure quality against references.", subcommands = {EvalCommand.Asr.class})
final class EvalCommand extends CommandGroup {


    @Command(name = "asr", description = "WER of speech recognition over a TSV manifest (columns path, normalized).")
    static final class Asr implements Callable<Integer> {
        @ParentCommand
        EvalCommand eval;
        @Spec
        CommandSpec spec;

        @Option(names = "--manifest", required = true, description = "TSV with a header; path relative to the TSV's folder.")
        Path manifest;

        @Option(names = "--model", description = "Model id.")
        String model;

        @Option(names = "--limit", description = "Evaluate only the first N entries.")
        Integer limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<AsrEvaluator.Entry> entries = AsrEvaluator.readManifest(manifest);
            if (limit != null && limit < entries.size()) {
                entries = entries.subList(0, limit);
            }
            var ft = eval.parent.context().asr().fileTranscriber(model);
            AsrEvaluator.Report r = AsrEvaluator.run(entries, ft::transcribe, line -> {
                if (line.startsWith("WER ")) {
                    return; // printed last, after the timing line
                }
                out.println(line);
                out.flush();
            }, dev.sws.core.exec.Progress.none());
            out.printf(Locale.ROOT, "# %d files, %.1f s of audio, %.1f s compute, RTF %.4f%n", r.items().size(), r.audioSeconds(),
                    r.computeSeconds(), r.audioSeconds() > 0 ? r.computeSeconds() / r.audioSeconds() : 0);
            out.println(r.summaryLine());
            return 0;
        }
    }
}
