package dev.sws.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command answers {@code --help} with its usage, and the run-wide options are accepted after the command. */
class CliHelpTest {

    @Test
    void everyCommandAtEveryDepthHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new dev.sws.app.cli.SwsCommand()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 25, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            String cmd = String.join(" ", path);
            assertEquals(0, r.rc(), cmd + " --help: " + r.err());
            assertTrue(r.out().startsWith("Usage: sws" + (cmd.isEmpty() ? "" : " " + cmd)), cmd + " --help printed:\n" + r.out());
            assertTrue(r.err().isEmpty(), cmd + ": " + r.err());
        }
    }

    @Test
    void runWideOptionsWorkAfterTheCommandToo() {
        CliRun two = CliRun.of("info", "--threads", "2");
        assertEquals(0, two.rc(), two.err());
        assertTrue(two.out().contains("Inference threads per session: 2\n"), two.out());
        CliRun bad = CliRun.of("info", "--device", "gpu7");
        assertEquals(1, bad.rc());
        assertEquals("Device must be auto, cpu or cuda:N, not 'gpu7'.", bad.err().strip());
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        if (cl.getCommandName().equals("help")) {
            return;   // picocli's own help command takes a command name, not --help
        }
        into.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {   // aliases once
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(sub, p, into);
            }
        });
    }
}
