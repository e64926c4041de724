package dev.sws.app.gui;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/** Runs tasks on the JavaFX application thread (directly when already on it). */
public final class FxExecutor implements Executor {
    public static final FxExecutor INSTANCE = new FxExecutor();

    private FxExecutor() {
    }

    @Override
    public void execute(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
