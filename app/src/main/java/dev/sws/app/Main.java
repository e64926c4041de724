package dev.sws.app;

import dev.sws.app.cli.SwsCommand;

/** Entry point: no arguments opens the GUI; anything else runs the command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("gui"))) {
            dev.sws.app.gui.SwsApp.launchGui(args);
            return;
        }
        System.exit(SwsCommand.run(args));
    }
}
