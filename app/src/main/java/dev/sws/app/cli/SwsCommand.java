package dev.sws.app.cli;

import dev.sws.app.cli.measure.BenchCommand;
import dev.sws.app.cli.measure.EvalCommand;
import dev.sws.workstation.Workstation;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.util.AppPaths;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code sws} — the command line. Exit code 0 on success; errors are one plain sentence on stderr. */
@Command(name = "sws", mixinStandardHelpOptions = true, versionProvider = SwsCommand.Version.class,
        scope = CommandLine.ScopeType.INHERIT,   // --help and --version on every command, at any depth
        description = "Speech Workstation: offline transcription, correction, codecs, speech synthesis and batch processing.",
        subcommands = {InfoCommand.class, TranscribeCommand.class, CorrectCommand.class, EvalCommand.class, ModelsCommand.class, BenchCommand.class, CodecCommand.class, SynthesizeCommand.class, VoicesCommand.class,
                GpuCommand.class, BatchCommand.class, CommandLine.HelpCommand.class})
public final class SwsCommand implements Runnable, dev.sws.app.cli.shared.WorkstationSource {

    private static final Logger LOG = Logger.getLogger(SwsCommand.class.getName());
    public static final String VERSION = "0.1.0";

    private Workstation context;
    /** Where warnings of this run go (the command line's stderr). */
    private PrintWriter err;

    // INHERIT: also accepted after the command ("sws transcribe --device cpu x.wav"); the value lands here either way
    @CommandLine.Option(names = "--device", scope = CommandLine.ScopeType.INHERIT, description = "Device for this run only: auto, cpu or cuda:N (default: the saved setting).")
    String device;

    @CommandLine.Option(names = "--threads", paramLabel = "N", scope = CommandLine.ScopeType.INHERIT,
            description = "Inference threads per model for this run only; 0 = half the cores (default: the saved setting).")
    Integer threads;

    /** The application context, created on first use (so --help and --version stay instant). */
    public Workstation context() {
        if (context == null) {
            // validates both overrides, with a message naming the value
            new dev.sws.core.settings.Settings.Device(device == null ? "auto" : device, threads == null ? 0 : threads);
            context = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor(), device, threads);
            // a device that cannot be used is said on stderr, not only logged: the run goes on, on the CPU
            var said = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
            context.bus().subscribe(dev.sws.core.bus.DeviceEvent.Fallback.class, Runnable::run, f -> {
                if (said.add(f.requested() + f.reason()) && err != null) {
                    err.println("sws: " + f.requested() + " cannot be used (" + f.reason() + "); running on the CPU.");
                    err.flush();
                }
            });
        }
        return context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Choose a command; see 'sws --help'.");
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        SwsCommand root = new SwsCommand();
        root.err = err;
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int signal = dev.sws.core.inference.InferenceRuntime.signalExitStatus();
            if (signal != 0) {   // Ctrl+C or a kill stopped the work: say so, not "Unexpected error"
                commandLine.getErr().println("Stopped.");
                return signal;
            }
            if (root.context == null) {
                // a command that failed before it needed the context (e.g. a bad token file): still route the
                // details to the log file instead of the console
                dev.sws.core.log.Logging.configure(AppPaths.fromEnvironment().logDir(), java.util.logging.Level.INFO);
            }
            LOG.log(Level.WARNING, "command failed: " + String.join(" ", args), e);
            commandLine.getErr().println(UserFacingException.messageOf(e));
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            if (root.context != null) {
                root.context.close();
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Speech Workstation " + VERSION};
        }
    }
}
