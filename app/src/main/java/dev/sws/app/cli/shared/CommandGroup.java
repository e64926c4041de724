package dev.sws.app.cli.shared;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A top-level command of {@code sws}: reaches the shared context through its parent; alone it prints its usage. */
public abstract class CommandGroup implements Runnable {

    @ParentCommand
    protected WorkstationSource parent;
    @Spec
    protected CommandSpec spec;

    /** The workstation this run of {@code sws} shares between its commands. */
    public dev.sws.workstation.Workstation context() {
        return parent.context();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
