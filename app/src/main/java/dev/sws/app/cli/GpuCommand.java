package dev.sws.app.cli;

import dev.sws.app.cli.shared.CommandGroup;
import dev.sws.workstation.service.GpuService;
import dev.sws.core.exec.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sws gpu status|install|remove}: the GPU runtime pack and whether CUDA is usable, and why not. */
@Command(name = "gpu", description = "GPU support: the CUDA runtime pack and the GPUs.",
        subcommands = {GpuCommand.Status.class, GpuCommand.Install.class, GpuCommand.Remove.class})
final class GpuCommand extends CommandGroup {

    GpuService service() {
        return parent.context().gpu();
    }

    @Command(name = "status", description = "What is installed, which GPUs the driver reports, and what each task runs on.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        GpuCommand gpu;
        @Spec
        CommandSpec spec;
        @Option(names = "--verify", description = "Re-hash every installed library against its pin.")
        boolean verify;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            GpuService s = gpu.service();
            s.report().forEach(out::println);
            if (verify && s.pack().isInstalled()) {
                List<String> bad = s.pack().verify();
                out.println(bad.isEmpty() ? "Verified: every library matches its pinned SHA-256."
                        : "DAMAGED (reinstall with 'sws gpu install'): " + String.join(", ", bad));
                return bad.isEmpty() ? 0 : 1;
            }
            return 0;
        }
    }

    @Command(name = "install", description = "Fetch ONNX Runtime's CUDA natives and the CUDA 12 libraries from Maven Central "
            + "(only the needed files of each jar; resumable; SHA-256 pinned).")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        GpuCommand gpu;
        @Spec
        CommandSpec spec;
        @Option(names = "--repo", description = "Maven repository base URL (a mirror); default $SWS_MAVEN_REPO or Maven Central.")
        URI repo;
        @Option(names = "--without-cudnn", description = "Leave out cuDNN (0.9 GB); use a system cuDNN 9 through SWS_CUDNN_DIR instead.")
        boolean withoutCudnn;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            GpuService s = gpu.service();
            URI from = repo != null ? repo : GpuService.defaultRepo();
            spec.commandLine().getOut().printf(Locale.ROOT, "Installing %s from %s into %s%n", s.pack().spec().id(), from, s.pack().dir());
            long t0 = System.nanoTime();
            s.install(from, !withoutCudnn, new ConsoleProgress(err));
            spec.commandLine().getOut().printf(Locale.ROOT, "Installed in %.0f s. 'sws gpu status' shows what the next start will use.%n",
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "remove", description = "Delete the GPU runtime pack (and partial downloads).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        GpuCommand gpu;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            gpu.service().pack().remove();
            spec.commandLine().getOut().println("Removed the GPU runtime pack.");
            return 0;
        }
    }

    /** Progress on stderr: a line every 5 % or 10 s, with rate. */
    static final class ConsoleProgress implements Progress {
        private final PrintWriter err;
        private final long t0 = System.nanoTime();
        private long lastPrint;
        private int lastPct = -1;
        private String lastMsg = "";

        ConsoleProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void update(double done, double total, String message) {
            int pct = total > 0 ? (int) (100 * done / total) : 0;
            long now = System.nanoTime();
            if (!message.equals(lastMsg) || pct >= lastPct + 5 || now - lastPrint > 10_000_000_000L) {
                double mb = done / 1e6;
                double s = (now - t0) / 1e9;
                if (total <= 1) {   // a step without a byte count
                    err.printf(Locale.ROOT, "       %s%n", message);
                } else {
                    err.printf(Locale.ROOT, "%3d %%  %s  (%.0f of %.0f MB, %.1f MB/s)%n", pct, message, mb, total / 1e6, s > 0 ? mb / s : 0);
                }
                err.flush();
                lastPct = pct;
                lastPrint = now;
                lastMsg = message;
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
