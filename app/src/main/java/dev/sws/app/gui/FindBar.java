package dev.sws.app.gui;

import dev.sws.workstation.document.TranscriptDocument;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;

import java.util.List;

/**
 * Find and replace in the transcript (Ctrl+F, Ctrl+H): matches are marked as you type, Enter or ↓ goes to the next
 * (and plays it), Replace all is one undo step; Escape closes.
 */
final class FindBar extends HBox {

    private final TranscribeViewModel vm;
    private final TranscriptView view;
    private final TextField find = new TextField();
    private final TextField replace = new TextField();
    private final CheckBox matchCase = new CheckBox("Aa");
    private final CheckBox whole = new CheckBox("Whole words");
    private final Label count = new Label();
    private final Button replaceAll = new Button("Replace all");
    private List<TranscriptDocument.Match> matches = List.of();
    private int current = -1;

    FindBar(TranscribeViewModel vm, TranscriptView view) {
        super(6);
        this.vm = vm;
        this.view = view;
        setId("find-bar");
        getStyleClass().add("find-bar");
        setAlignment(Pos.CENTER_LEFT);
        find.setId("find-field");
        find.setPromptText("Find");
        replace.setId("replace-field");
        replace.setPromptText("Replace with");
        matchCase.setTooltip(new javafx.scene.control.Tooltip("Match case"));
        whole.setSelected(true);
        count.setId("find-count");
        count.getStyleClass().add("hint");
        Button next = new Button("↓");
        next.setTooltip(new javafx.scene.control.Tooltip("Next match (Enter)"));
        next.setOnAction(e -> go(1));
        Button prev = new Button("↑");
        prev.setTooltip(new javafx.scene.control.Tooltip("Previous match (Shift+Enter)"));
        prev.setOnAction(e -> go(-1));
        replaceAll.setId("replace-all");
        replaceAll.setOnAction(e -> {
            vm.replaceAll(find.getText(), replace.getText(), matchCase.isSelected(), whole.isSelected());
            refresh();
        });
        Button close = new Button("✕");
        close.setOnAction(e -> hide());
        getChildren().addAll(find, prev, next, count, matchCase, whole, replace, replaceAll, close);
        find.textProperty().addListener((o, a, b) -> refresh());
        matchCase.selectedProperty().addListener((o, a, b) -> refresh());
        whole.selectedProperty().addListener((o, a, b) -> refresh());
        vm.segments().addListener((javafx.collections.ListChangeListener<dev.sws.asr.Segment>) c -> {
            if (isVisible()) {
                refresh();
            }
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hide();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && e.getTarget() == find) {
                go(e.isShiftDown() ? -1 : 1);
                e.consume();
            }
        });
        setVisible(false);
        setManaged(false);
    }

    void show(boolean withReplace) {
        setVisible(true);
        setManaged(true);
        replace.setVisible(withReplace || !replace.getText().isEmpty());
        replace.setManaged(replace.isVisible());
        replaceAll.setVisible(replace.isVisible());
        replaceAll.setManaged(replace.isVisible());
        find.requestFocus();
        find.selectAll();
        refresh();
    }

    void hide() {
        setVisible(false);
        setManaged(false);
        view.mark(List.of(), -1);
        view.requestFocus();
    }

    private void refresh() {
        matches = vm.find(find.getText(), matchCase.isSelected(), whole.isSelected());
        current = matches.isEmpty() ? -1 : Math.min(Math.max(current, 0), matches.size() - 1);
        view.mark(matches, current);
        count.setText(find.getText().isBlank() ? "" : matches.isEmpty() ? "no match" : (current + 1) + " of " + matches.size());
    }

    private void go(int step) {
        if (matches.isEmpty()) {
            return;
        }
        current = Math.floorMod(current + step, matches.size());
        view.mark(matches, current);
        count.setText((current + 1) + " of " + matches.size());
        TranscriptDocument.Match m = matches.get(current);
        var seg = vm.segments().get(m.segment());
        if (m.from() < seg.words().size()) {
            vm.playFrom(seg.words().get(m.from()).heardFrom());
        }
    }
}
