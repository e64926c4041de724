package dev.sws.app.gui;

import dev.sws.ui.UiResources;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.scene.Scene;

/** Applies the light or dark style sheet ({@code system} follows the platform's colour scheme). */
public final class Themes {

    private Themes() {
    }

    public static void apply(Scene scene, String theme) {
        boolean dark = switch (theme) {
            case "dark" -> true;
            case "light" -> false;
            default -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
        scene.getStylesheets().setAll(UiResources.css("base.css").toExternalForm(),
                UiResources.css(dark ? "dark.css" : "light.css").toExternalForm());
    }
}
