package dev.sws.app.gui;

import dev.sws.asr.correction.WordDiff;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The correction review under the transcript: one row per proposed change with a word diff (removed words struck
 * through, added words highlighted), the raw text in a tooltip, and Accept / Reject per row and for all.
 */
final class CorrectionReviewView extends VBox {

    CorrectionReviewView(CorrectionReview review) {
        setId("correction-review");
        getStyleClass().add("correction-review");
        setSpacing(4);
        Label status = new Label();
        status.setId("correction-status");
        status.getStyleClass().add("hint");
        status.textProperty().bind(review.statusProperty());
        Button acceptAll = new Button("Accept all");
        acceptAll.setId("accept-all-corrections");
        acceptAll.setOnAction(e -> review.acceptAll());
        Button rejectAll = new Button("Reject all");
        rejectAll.setId("reject-all-corrections");
        rejectAll.setOnAction(e -> review.rejectAll());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(8, status, grow, acceptAll, rejectAll);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox rows = new VBox(2);
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(120);
        getChildren().addAll(head, scroll);
        Runnable refresh = () -> {
            rows.getChildren().clear();
            for (CorrectionReview.Item it : review.items()) {
                rows.getChildren().add(row(review, it));
            }
            boolean any = !review.items().isEmpty();
            acceptAll.setDisable(!any);
            rejectAll.setDisable(!any);
            scroll.setVisible(any);
            scroll.setManaged(any);
        };
        review.items().addListener((ListChangeListener<CorrectionReview.Item>) c -> refresh.run());
        visibleProperty().bind(review.statusProperty().isNotEmpty());
        managedProperty().bind(visibleProperty());
        refresh.run();
    }

    private static HBox row(CorrectionReview review, CorrectionReview.Item it) {
        TextFlow diff = new TextFlow();
        diff.getStyleClass().add("correction-diff");
        for (WordDiff.Piece p : WordDiff.diff(it.correction().original(), it.correction().corrected())) {
            Text t = new Text(p.text() + " ");
            switch (p.kind()) {
                case REMOVED -> t.getStyleClass().add("diff-removed");
                case ADDED -> t.getStyleClass().add("diff-added");
                default -> { }
            }
            diff.getChildren().add(t);
        }
        Tooltip.install(diff, new Tooltip("As recognised: " + it.raw().text()));
        HBox.setHgrow(diff, Priority.ALWAYS);
        Label state = new Label(switch (it.decision()) {
            case PENDING -> "";
            case ACCEPTED -> "✓ accepted";
            case REJECTED -> "✗ kept original";
        });
        state.getStyleClass().add("hint");
        Button accept = new Button("Accept");
        accept.getStyleClass().add("accept-correction");
        accept.setDisable(it.decision() == CorrectionReview.Decision.ACCEPTED);
        accept.setOnAction(e -> review.accept(it));
        Button reject = new Button("Reject");
        reject.getStyleClass().add("reject-correction");
        reject.setDisable(it.decision() == CorrectionReview.Decision.REJECTED);
        reject.setOnAction(e -> review.reject(it));
        Label at = new Label(String.format(java.util.Locale.ROOT, "%.1f s", it.raw().start()));
        at.getStyleClass().add("hint");
        at.setMinWidth(50);
        HBox row = new HBox(8, at, diff, state, accept, reject);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
