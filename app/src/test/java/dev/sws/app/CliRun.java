package dev.sws.app;

import dev.sws.app.cli.SwsCommand;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code sws} in-process for tests: exit code, stdout and stderr. */
public record CliRun(int rc, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = SwsCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(rc, out.toString(), err.toString());
    }
}
