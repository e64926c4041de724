package dev.sws.core.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Structured logging to a rotating file ({@code sws.log}, JSON lines) under the state folder. Users see one-line
 * messages; the log file holds the details and stack traces.
 */
public final class Logging {

    private static volatile Path current;

    private Logging() {
    }

    /** Sends all {@code java.util.logging} output at {@code level} and above to {@code dir/sws0.log} (rotated to sws1, sws2). Idempotent. */
    public static synchronized Path configure(Path dir, Level level) {
        Path file = dir.resolve("sws0.log");
        if (file.equals(current)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            LogManager.getLogManager().reset();
            Logger root = Logger.getLogger("");
            FileHandler fh = new FileHandler(dir.resolve("sws%g.log").toString(), 5_000_000, 3, true);
            fh.setFormatter(new JsonLineFormatter());
            fh.setLevel(level);
            root.addHandler(fh);
            root.setLevel(level);
            // ONNX Runtime and JavaFX are chatty at FINE
            Logger.getLogger("ai.onnxruntime").setLevel(Level.WARNING);
            Logger.getLogger("javafx").setLevel(Level.WARNING);
            current = file;
            return current;
        } catch (IOException e) {
            Logger.getLogger(Logging.class.getName()).log(Level.WARNING, "cannot open log file in " + dir, e);
            return null;
        }
    }

    /** The active log file, or null when logging goes to the console only. */
    public static Path logFile() {
        return current;
    }

    /** Removes every handler (tests, or when the app exits). */
    public static synchronized void shutdown() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.close();
        }
        current = null;
    }
}
