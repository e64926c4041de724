package dev.sws.app.gui;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A workspace whose engine is not in this build: says so plainly instead of showing dead controls. */
final class PendingPane extends VBox {

    PendingPane(String title, String text) {
        getStyleClass().add("workspace");
        Label t = new Label(title);
        t.getStyleClass().add("workspace-title");
        Label body = new Label(text);
        body.setWrapText(true);
        body.getStyleClass().add("hint");
        body.setId("pending-text");
        getChildren().addAll(t, body);
    }
}
