package dev.sws.ui;

import java.net.URL;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;

/** Locates the GUI's resources (style sheets, icons, messages) inside this module. */
public final class UiResources {

    private UiResources() {
    }

    public static URL css(String name) {
        return require("css/" + name);
    }

    public static URL icon(String name) {
        return require("icons/" + name);
    }

    public static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle("dev.sws.ui.messages", locale, UiResources.class.getModule());
    }

    private static URL require(String path) {
        return Objects.requireNonNull(UiResources.class.getResource(path), () -> "missing UI resource " + path);
    }
}
