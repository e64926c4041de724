package dev.sws.app.gui;

import dev.sws.core.util.AppPaths;
import dev.sws.core.util.AtomicFiles;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The window's size and the workspace shown, kept between runs in the state folder ({@code window.properties}); a
 * missing or damaged file gives the defaults.
 */
record WindowState(double width, double height, boolean maximized, String workspace) {

    static final WindowState DEFAULT = new WindowState(1180, 760, false, "Transcribe");

    WindowState {
        width = Math.max(640, Math.min(width, 10000));
        height = Math.max(480, Math.min(height, 10000));
    }

    static Path file(AppPaths paths) {
        return paths.state().resolve("window.properties");
    }

    static WindowState read(AppPaths paths) {
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file(paths))));
            return new WindowState(Double.parseDouble(p.getProperty("width", "1180")), Double.parseDouble(p.getProperty("height", "760")),
                    Boolean.parseBoolean(p.getProperty("maximized", "false")), p.getProperty("workspace", "Transcribe"));
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    static WindowState of(Stage stage, String workspace) {
        return new WindowState(stage.getScene().getWidth(), stage.getScene().getHeight(), stage.isMaximized(), workspace);
    }

    void write(AppPaths paths) {
        Properties p = new Properties();
        p.setProperty("width", Long.toString(Math.round(width)));
        p.setProperty("height", Long.toString(Math.round(height)));
        p.setProperty("maximized", Boolean.toString(maximized));
        p.setProperty("workspace", workspace);
        try {
            StringWriter w = new StringWriter();
            p.store(w, "Speech Workstation window");
            Files.createDirectories(file(paths).getParent());
            AtomicFiles.writeString(file(paths), w.toString());
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(WindowState.class.getName()).fine("window state not kept: " + e);
        }
    }
}
