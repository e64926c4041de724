package dev.sws.app;

import dev.sws.app.cli.SwsCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code sws} in-process for tests: exit code, stdout and stderr. */
public record CliRun(int rc, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = SwsCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(rc, out.toString(), err.toString());
    }

    /**
     * The command line that runs {@code sws args} as a separate process (for tests that kill it): this JVM, the
     * product's class path, the test's models, native caches and temp files under {@code dir}, and a JVM crash report
     * at {@code dir/child-hs_err.log} if it crashes.
     */
    public static List<String> childCommand(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                "target/classes:" + Files.readString(Path.of("target/runtime-classpath.txt")).strip(),
                "-Dsws.models.dir=" + System.getProperty("sws.models.dir"),
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("child-javacpp"),
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("child-tmp")),
                "-XX:ErrorFile=" + dir.resolve("child-hs_err.log"), "--enable-native-access=ALL-UNNAMED",
                "dev.sws.app.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
