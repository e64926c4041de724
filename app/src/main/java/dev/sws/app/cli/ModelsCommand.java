package dev.sws.app.cli;

import dev.sws.app.cli.shared.WorkstationSource;
import dev.sws.app.cli.shared.TextTable;
import dev.sws.app.cli.shared.CommandGroup;
import dev.sws.asr.mlm.BertInstaller;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws models list|verify|install|import|remove}. */
@Command(name = "models", description = "List, verify, install, import and remove models.",
        subcommands = {ModelsCommand.ListCmd.class, ModelsCommand.Verify.class, ModelsCommand.Install.class,
                ModelsCommand.Import.class, ModelsCommand.Remove.class})
final class ModelsCommand extends CommandGroup {

    @Override
    public void run() {
        new ListCmd().print(parent, spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Installed models with task, format, size, licence.")
    static final class ListCmd implements Runnable {
        @ParentCommand
        ModelsCommand m;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            print(m.parent, spec.commandLine().getOut());
        }

        void print(WorkstationSource root, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"ID", "TASK", "FORMAT", "SIZE", "LICENCE", "WHERE"});
            for (InstalledModel im : root.context().models().list()) {
                rows.add(row(im, true));
            }
            TextTable.lines(rows, java.util.Set.of(3), "").forEach(out::println);
            root.context().models().notices().forEach(out::println);
            if (rows.size() == 1) {   // say where it looked: a mistyped SWS_MODELS_DIR otherwise shows an empty table
                var paths = root.context().paths();
                out.printf(Locale.ROOT, "No models found in %s%s or %s.%n", paths.embedded(),
                        java.nio.file.Files.isDirectory(paths.embedded()) ? "" : " (no such folder; SWS_MODELS_DIR sets it)",
                        paths.userModels());
            }
        }
    }

    /** One model's table row (id, task, format, size, [licence,] where), shared by {@code models list} and {@code info}. */
    static String[] row(InstalledModel im, boolean withLicence) {
        List<String> cells = new ArrayList<>(List.of(im.id(), im.manifest().task(), im.manifest().format(),
                String.format(Locale.ROOT, "%.1f MB", im.sizeBytes() / 1e6)));
        if (withLicence) {
            cells.add(im.manifest().licence());
        }
        cells.add(im.embedded() ? "embedded" : "user");
        return cells.toArray(String[]::new);
    }

    @Command(name = "verify", description = "Check files (SHA-256) and the format contract.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ModelsCommand m;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "ID")
        List<String> ids;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var store = m.parent.context().models();
            List<InstalledModel> list = ids == null || ids.isEmpty() ? store.list()
                    : ids.stream().map(id -> store.find(id).orElseThrow(() -> new UserFacingException("No model named '" + id + "' is installed."))).toList();
            int bad = 0;
            for (InstalledModel im : list) {
                List<String> problems = store.verify(im);
                out.println(im.id() + ": " + (problems.isEmpty() ? "OK" : String.join(" ", problems)));
                bad += problems.isEmpty() ? 0 : 1;
            }
            if (bad > 0) {
                throw new UserFacingException(bad + " model(s) failed verification.");
            }
            return 0;
        }
    }

    @Command(name = "install", description = "Fetch and install a model that is not shipped: "
            + BertInstaller.ID + " (Google's BERT-base masked LM from Maven Central, 408 MB transferred, 0.54 GB "
            + "installed; resumable, SHA-256 pinned); correction then rescores n-best lists with it. Run again on an "
            + "install of the float32 graph to convert it to int8.")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        ModelsCommand m;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "What to install: " + BertInstaller.ID + ".")
        String id;
        @Option(names = "--repo", description = "Maven repository base URL (a mirror); default $SWS_MAVEN_REPO or Maven Central.")
        java.net.URI repo;

        @Override
        public Integer call() throws Exception {
            if (!BertInstaller.ID.equals(id)) {
                throw new UserFacingException("'" + id + "' is not a model that can be installed; the one that can is "
                        + BertInstaller.ID + ". A model folder or zip is added with 'sws models import PATH'.");
            }
            PrintWriter out = spec.commandLine().getOut();
            var ctx = m.parent.context();
            java.net.URI from = repo != null ? repo : dev.sws.workstation.service.GpuService.defaultRepo();
            out.printf(Locale.ROOT, "Installing %s from %s into %s%n", id, from, ctx.paths().userModels());
            long t0 = System.nanoTime();
            Path dir = ctx.correction().installMaskedLm(from, new GpuCommand.ConsoleProgress(spec.commandLine().getErr()));
            out.printf(Locale.ROOT, "Installed %s in %s (%.0f s); correction now rescores n-best lists with it.%n", id, dir,
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "import", description = "Import a model folder or zip (sherpa-onnx NeMo exports are recognised).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        ModelsCommand m;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH")
        Path path;
        @Option(names = "--id", description = "Id to give the model.")
        String id;

        @Override
        public Integer call() throws Exception {
            InstalledModel im = m.parent.context().models().importModel(path, id);
            spec.commandLine().getOut().println("Imported " + im.id() + " (" + im.manifest().format() + ") into " + im.dir());
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a user model.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ModelsCommand m;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            m.parent.context().models().remove(id);
            spec.commandLine().getOut().println("Removed " + id + ".");
            return 0;
        }
    }
}
