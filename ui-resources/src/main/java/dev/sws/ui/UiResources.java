package dev.sws.ui;

import java.net.URL;
import java.util.Objects;

/** Locates the GUI's resources (style sheets, icons) inside this module. */
public final class UiResources {

    private UiResources() {
    }

    public static URL css(String name) {
        return require("css/" + name);
    }

    public static URL icon(String name) {
        return require("icons/" + name);
    }

    private static URL require(String path) {
        return Objects.requireNonNull(UiResources.class.getResource(path), () -> "missing UI resource " + path);
    }
}
