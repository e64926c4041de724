package dev.sws.app.cli;

import dev.sws.app.cli.shared.TextTable;
import dev.sws.app.cli.shared.CommandGroup;
import dev.sws.workstation.Workstation;
import dev.sws.core.model.InstalledModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;

/** {@code sws info}: versions, devices and the models found. */
@Command(name = "info", description = "Print versions, compute devices and installed models.")
final class InfoCommand extends CommandGroup {

    @Override
    public void run() {
        Workstation ctx = parent.context();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Speech Workstation %s%n", SwsCommand.VERSION);
        out.printf("Java %s (%s)%n", Runtime.version(), System.getProperty("java.vendor"));
        out.printf("ONNX Runtime %s%n", ctx.runtime().version());
        out.printf("FFmpeg (bytedeco %s)%n", dev.sws.audio.io.AudioFiles.ffmpegVersion());
        out.printf("Devices: CPU (%d cores)", Runtime.getRuntime().availableProcessors());
        out.printf(", CUDA execution provider %s%n", ctx.runtime().cudaProviderPresent() ? "available" : "not installed (see 'sws gpu status')");
        out.printf("int8 weights on the CPU: %s%n", dev.sws.core.inference.CpuFeatures.int8DotProduct()
                ? "int8 activations in every engine (the CPU multiplies int8 natively: VNNI)"
                : "int8 activations for recognition and the corrector, fp32 for synthesis, codec, punctuation and BERT");
        out.printf("Inference threads per session: %d%s%n", ctx.settings().device().effectiveThreads(),
                ctx.settings().device().threads() == 0 ? " (automatic: half the cores)" : "");
        out.printf("Settings: %s%n", ctx.paths().settingsFile());
        out.printf("Log file: %s%n", dev.sws.core.log.Logging.logFile());
        out.printf("Models (embedded %s, user %s):%n", ctx.models().embeddedDir(), ctx.models().userDir());
        List<InstalledModel> all = ctx.models().list();
        if (all.isEmpty()) {
            out.println("  none");
        }
        List<String[]> rows = new java.util.ArrayList<>();
        for (InstalledModel m : all) {
            rows.add(ModelsCommand.row(m, false));
        }
        TextTable.lines(rows, java.util.Set.of(3), "  ").forEach(out::println);
    }
}
