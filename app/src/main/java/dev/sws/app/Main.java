package dev.sws.app;

import dev.sws.app.cli.SwsCommand;

/**
 * Entry point: no arguments opens the GUI; {@code sws FILE…} (or {@code sws gui FILE…}) opens it with those audio
 * files; anything else runs the command line.
 */
public final class Main {

    /** The command line runs ONNX Runtime and FFmpeg on its own thread, with a native-sized stack (ADR 0012). */
    static final long CLI_STACK_BYTES = 8L << 20;

    private Main() {
    }

    /** No arguments, "gui" with or without files, or only names of existing files that are not commands. */
    static boolean opensGui(String[] args) {
        if (args.length == 0 || args[0].equals("gui")) {
            return true;
        }
        java.util.Set<String> commands = new picocli.CommandLine(new SwsCommand()).getSubcommands().keySet();
        return java.util.Arrays.stream(args).allMatch(a -> !a.startsWith("-") && !commands.contains(a)
                && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(a)));
    }

    public static void main(String[] args) throws InterruptedException {
        if (opensGui(args)) {
            dev.sws.app.gui.SwsApp.launchGui(args);
            return;
        }
        // The JVM's main thread has the -Xss stack, 1 MB unless the launcher says otherwise: a plain "java -cp ..."
        // without ./sws's -Xss8m died in native code (SIGSEGV, no crash report) on a long synthesis.
        int[] rc = {1};
        Thread cli = new Thread(null, () -> rc[0] = SwsCommand.run(args), "sws-cli", CLI_STACK_BYTES);
        dev.sws.core.inference.InferenceRuntime.exitAfter(cli);   // Ctrl+C: the command closes its sessions first
        cli.start();
        cli.join();
        // a signal's stop ended the command: exit as the signal asked (the handler does so too, whichever is first)
        int signal = dev.sws.core.inference.InferenceRuntime.signalExitStatus();
        System.exit(signal != 0 ? signal : rc[0]);
    }
}
