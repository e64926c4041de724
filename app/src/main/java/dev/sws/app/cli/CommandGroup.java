package dev.sws.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A top-level command of {@code sws}: reaches the shared context through its parent; alone it prints its usage. */
abstract class CommandGroup implements Runnable {

    @ParentCommand
    SwsCommand parent;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
