package dev.sws.app.cli.shared;

import dev.sws.workstation.Workstation;

/** What a command's parent gives it: the one workstation this run of {@code sws} shares between its commands. */
public interface WorkstationSource {
    Workstation context();
}
