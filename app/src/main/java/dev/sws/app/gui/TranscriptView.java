package dev.sws.app.gui;

import dev.sws.asr.Segment;
import dev.sws.asr.Word;
import dev.sws.asr.correction.WordDiff;
import dev.sws.workstation.document.TranscriptDocument;
import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The transcript editor: one line per segment — its time (click: play the line), its speaker label (double-click:
 * rename) and its words (click: play from the word; double-click or Enter: edit the line in place) — followed by the
 * greyed partial of the segment being recognised. Words below the confidence mark are underlined, the word being
 * heard is highlighted and kept in view, find matches are marked. Keys: Up/Down select, Enter/F2 edit, Ctrl+M join
 * with the next line; in the editor Enter keeps, Escape drops, Alt+Enter splits at the caret, Tab keeps and edits the
 * next line.
 */
public final class TranscriptView extends ScrollPane {

    private final VBox lines = new VBox(2);
    private final TextFlow partialLine = new TextFlow();
    private final Text partialText = new Text();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private TranscribeViewModel vm;
    private DoubleSupplier lowConfidence = () -> 0.5;
    private Text heardWord;
    private final List<Text> marked = new ArrayList<>();
    private boolean follow = true;   // scroll to the newest text while a job runs

    public TranscriptView() {
        getStyleClass().add("transcript");
        partialText.getStyleClass().add("partial");
        partialLine.getChildren().add(partialText);
        lines.getChildren().add(partialLine);
        lines.getStyleClass().add("transcript");
        setContent(lines);
        setFitToWidth(true);
        setFocusTraversable(true);
        lines.heightProperty().addListener((o, a, b) -> {
            if (follow && vm != null && vm.stateProperty().get() != TranscribeViewModel.State.IDLE) {
                setVvalue(1.0);   // follow the newest text while recognising
            }
        });
        selected.addListener((o, a, b) -> {
            showSelected();
            if (b.intValue() >= 0 && b.intValue() < lineCount()) {
                reveal(line(b.intValue()));
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    }

    /** Mirrors the view model's segments, speakers, partial and the word being heard. */
    public void bind(TranscribeViewModel model, DoubleSupplier lowConfidenceMark) {
        this.vm = model;
        this.lowConfidence = lowConfidenceMark;
        model.segments().addListener((ListChangeListener<Segment>) c -> {
            while (c.next()) {   // lines mirror the list: index i = segment i, the partial line last
                if (c.wasRemoved()) {
                    lines.getChildren().remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                }
                int at = c.getFrom();
                for (Segment s : c.getAddedSubList()) {
                    lines.getChildren().add(at++, new SegmentLine(s));
                }
            }
            heardWord = null;
            marked.clear();
            if (selected.get() >= lineCount()) {
                selected.set(lineCount() - 1);
            }
            showSelected();
        });
        model.speakers().addListener((ListChangeListener<String>) c -> refreshSpeakers());
        model.partialProperty().addListener((o, a, b) -> partialText.setText(b));
        model.heardProperty().addListener((o, a, b) -> showHeard(b));
    }

    /** Number of segment lines shown (for tests). */
    public int lineCount() {
        return lines.getChildren().size() - 1;
    }

    /** The text of line {@code i} as shown (for tests). */
    public String lineText(int i) {
        return line(i).text();
    }

    /** The speaker label shown on line {@code i} (for tests). */
    public String lineSpeaker(int i) {
        return line(i).speaker.getText();
    }

    /** The style classes of word {@code w} of line {@code i} (for tests: low-confidence, playing, match). */
    public List<String> wordStyles(int i, int w) {
        return List.copyOf(line(i).words.get(w).getStyleClass());
    }

    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** Opens line {@code i} for editing (as double-click or Enter does). */
    public void edit(int i) {
        if (i >= 0 && i < lineCount()) {
            selected.set(i);
            line(i).startEdit(-1);
        }
    }

    /** Marks the find matches ({@code current}: the one to show), or none for an empty list. */
    public void mark(List<TranscriptDocument.Match> matches, int current) {
        marked.forEach(t -> t.getStyleClass().removeAll("match", "match-current"));
        marked.clear();
        for (int m = 0; m < matches.size(); m++) {
            TranscriptDocument.Match x = matches.get(m);
            if (x.segment() >= lineCount()) {
                continue;
            }
            SegmentLine l = line(x.segment());
            for (int w = x.from(); w < x.to() && w < l.words.size(); w++) {
                Text t = l.words.get(w);
                t.getStyleClass().add(m == current ? "match-current" : "match");
                marked.add(t);
            }
            if (m == current) {
                selected.set(x.segment());
            }
        }
    }

    /** Exactly the selected line carries the selection style (lines come and go as the transcript changes). */
    private void showSelected() {
        for (int i = 0; i < lineCount(); i++) {
            var c = line(i).getStyleClass();
            if (i == selected.get()) {
                if (!c.contains("selected-line")) {
                    c.add("selected-line");
                }
            } else {
                c.remove("selected-line");
            }
        }
    }

    private SegmentLine line(int i) {
        return (SegmentLine) lines.getChildren().get(i);
    }

    private void refreshSpeakers() {
        for (int i = 0; i < lineCount() && i < vm.speakers().size(); i++) {
            line(i).setSpeaker(vm.speakers().get(i));
        }
    }

    private void showHeard(TranscriptDocument.Match m) {
        if (heardWord != null) {
            heardWord.getStyleClass().remove("playing");
            heardWord = null;
        }
        if (m == null || m.segment() >= lineCount()) {
            return;
        }
        SegmentLine l = line(m.segment());
        if (m.from() < l.words.size()) {
            heardWord = l.words.get(m.from());
            heardWord.getStyleClass().add("playing");
            reveal(l);
        }
    }

    /** Scrolls just enough for {@code n} to be seen. */
    private void reveal(Node n) {
        double content = lines.getHeight();
        double view = getViewportBounds().getHeight();
        if (content <= view || view <= 0) {
            return;
        }
        Bounds b = n.getBoundsInParent();
        double top = getVvalue() * (content - view);
        if (b.getMinY() < top) {
            setVvalue(b.getMinY() / (content - view));
        } else if (b.getMaxY() > top + view) {
            setVvalue(Math.min(1, (b.getMaxY() - view) / (content - view)));
        }
    }

    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextField || lineCount() == 0) {
            return;
        }
        int s = selected.get();
        if (e.getCode() == KeyCode.DOWN) {
            selected.set(Math.min(lineCount() - 1, s + 1));
        } else if (e.getCode() == KeyCode.UP) {
            selected.set(Math.max(0, s - 1));
        } else if ((e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.F2) && s >= 0) {
            edit(s);
        } else if (e.getCode() == KeyCode.M && e.isShortcutDown() && s >= 0) {
            vm.mergeWithNext(s);
        } else {
            return;
        }
        e.consume();
    }

    static String clock(double s) {
        long ms = Math.round(s * 1000);
        return String.format(Locale.ROOT, "%02d:%02d.%01d", ms / 60000, ms / 1000 % 60, ms / 100 % 10);
    }

    /** One segment: time, speaker, words (or the editor while editing). */
    private final class SegmentLine extends HBox {
        private final Segment segment;
        private final Label speaker = new Label();
        private final TextFlow flow = new TextFlow();
        private final List<Text> words = new ArrayList<>();

        SegmentLine(Segment s) {
            super(6);
            this.segment = s;
            getStyleClass().add("segment-line");
            setAlignment(Pos.TOP_LEFT);
            // the time of the first word (heard from its beginning), not of the segment's start, which is the end of the
            // pause before it; clicking it plays the line
            double from = s.words().isEmpty() ? s.start() : Math.max(s.start(), s.words().getFirst().heardFrom());
            Label time = new Label(clock(from));
            time.getStyleClass().add("segment-time");
            time.setCursor(Cursor.HAND);
            time.setOnMouseClicked(e -> {
                vm.playFrom(from);
                e.consume();
            });
            speaker.getStyleClass().add("speaker-chip");
            speaker.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // a long line wraps its words, never the name
            time.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            speaker.setTooltip(new Tooltip("Speaker: double-click to name (Enter keeps, Escape drops)"));
            speaker.setOnMouseClicked(e -> {
                selected.set(index());
                if (e.getClickCount() == 2) {
                    editSpeaker();
                }
                e.consume();   // not also the line's double-click (which edits the words)
            });
            int index = s.index();
            setSpeaker(index < vm.speakers().size() ? vm.speakers().get(index) : "");
            fillWords();
            HBox.setHgrow(flow, Priority.ALWAYS);
            getChildren().addAll(time, speaker, flow);
            setOnMouseClicked(e -> {
                selected.set(index());
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && flow.getParent() == this) {
                    startEdit(wordUnder(e.getTarget()));
                }
            });
            setOnContextMenuRequested(e -> {
                selected.set(index());
                int w = wordUnder(e.getTarget());
                menu(w).show(this, e.getScreenX(), e.getScreenY());
                e.consume();
            });
        }

        private int index() {
            return lines.getChildren().indexOf(this);
        }

        private void fillWords() {
            double mark = lowConfidence.getAsDouble();
            if (segment.words().isEmpty() || segment.words().size() != WordDiff.words(segment.text()).length) {
                for (String w : WordDiff.words(segment.text())) {
                    Text t = new Text(w + " ");
                    t.getStyleClass().addAll("final", "word");
                    words.add(t);
                }
            } else {
                for (Word w : segment.words()) {
                    Text t = new Text(w.text() + " ");
                    t.getStyleClass().addAll("final", "word");
                    if (w.confidence() < mark) {
                        t.getStyleClass().add("low-confidence");
                    }
                    t.setCursor(Cursor.HAND);
                    Tooltip.install(t, new Tooltip(String.format(Locale.ROOT, "%s – %s, confidence %.0f%%", clock(w.start()),
                            clock(w.end()), 100 * w.confidence())));
                    t.setOnMouseClicked(e -> {
                        if (e.getClickCount() == 1 && e.getButton() == MouseButton.PRIMARY) {
                            vm.playFrom(w.heardFrom());
                        }
                    });
                    words.add(t);
                }
            }
            flow.getChildren().setAll(words);
        }

        String text() {
            return words.stream().map(Text::getText).reduce("", String::concat).strip();
        }

        void setSpeaker(String name) {
            speaker.setText(name.isEmpty() ? "·" : name);
            speaker.getStyleClass().remove("speaker-empty");
            if (name.isEmpty()) {
                speaker.getStyleClass().add("speaker-empty");
            }
        }

        private int wordUnder(Object target) {
            return target instanceof Text t ? words.indexOf(t) : -1;
        }

        private ContextMenu menu(int word) {
            MenuItem edit = new MenuItem("Edit line\tEnter");
            edit.setOnAction(e -> startEdit(word));
            MenuItem split = new MenuItem("Split before this word");
            split.setDisable(word <= 0);
            split.setOnAction(e -> vm.splitSegment(index(), word));
            MenuItem merge = new MenuItem("Join with next line\tCtrl+M");
            merge.setDisable(index() + 1 >= lineCount());
            merge.setOnAction(e -> vm.mergeWithNext(index()));
            MenuItem who = new MenuItem("Speaker…");
            who.setOnAction(e -> editSpeaker());
            MenuItem play = new MenuItem("Play from here");
            play.setOnAction(e -> vm.playFrom(word >= 0 && word < segment.words().size()
                    ? segment.words().get(word).heardFrom() : segment.start()));
            return new ContextMenu(play, new SeparatorMenuItem(), edit, split, merge, who);
        }

        /** Replaces the words by a text field with the line's text, the caret at word {@code word} (or the end). */
        void startEdit(int word) {
            if (flow.getParent() != this) {
                return;
            }
            TextField field = new TextField(segment.text());
            field.setId("segment-editor");
            field.getStyleClass().add("segment-editor");
            HBox.setHgrow(field, Priority.ALWAYS);
            boolean[] done = {false};
            Runnable finish = swapIn(flow, field, done);
            Runnable keep = () -> {
                int i = index();
                String text = field.getText();
                finish.run();
                if (i >= 0 && !text.strip().equals(segment.text())) {
                    vm.editSegment(i, text);   // the line is rebuilt from the document
                }
                TranscriptView.this.requestFocus();
            };
            field.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ENTER && e.isAltDown()) {   // keep the text, then split at the caret
                    int i = index();
                    int before = WordDiff.words(field.getText().substring(0, field.getCaretPosition())).length;
                    keep.run();
                    vm.splitSegment(i, before);
                    e.consume();
                } else if (e.getCode() == KeyCode.ENTER) {
                    keep.run();
                    e.consume();
                } else if (e.getCode() == KeyCode.ESCAPE) {
                    finish.run();
                    TranscriptView.this.requestFocus();
                    e.consume();
                } else if (e.getCode() == KeyCode.TAB) {
                    int next = index() + 1;
                    keep.run();
                    e.consume();
                    Platform.runLater(() -> edit(Math.min(next, lineCount() - 1)));
                }
            });
            field.focusedProperty().addListener((o, was, now) -> {
                if (!now && !done[0]) {
                    keep.run();   // clicking elsewhere keeps the edit, as in a word processor
                }
            });
            if (word >= 0) {
                String[] w = WordDiff.words(segment.text());
                int caret = 0;
                for (int k = 0; k < word && k < w.length; k++) {
                    caret += w[k].length() + 1;
                }
                field.positionCaret(caret);
            } else {
                field.positionCaret(field.getText().length());
            }
            field.requestFocus();
        }

        /**
         * Shows {@code field} in place of {@code shown}; returns what puts {@code shown} back, once ({@code done} turns
         * true then).
         */
        private Runnable swapIn(Node shown, TextField field, boolean[] done) {
            getChildren().set(getChildren().indexOf(shown), field);
            return () -> {
                if (!done[0]) {
                    done[0] = true;
                    if (field.getParent() == this) {
                        getChildren().set(getChildren().indexOf(field), shown);
                    }
                }
            };
        }

        private void editSpeaker() {
            TextField field = new TextField(vm.speakers().size() > index() ? vm.speakers().get(index()) : "");
            field.setId("speaker-editor");
            field.setPrefColumnCount(8);
            field.setPromptText("Speaker");
            Runnable close = swapIn(speaker, field, new boolean[1]);
            field.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ENTER) {
                    int i = index();
                    close.run();
                    vm.setSpeaker(i, field.getText());
                    e.consume();
                } else if (e.getCode() == KeyCode.ESCAPE) {
                    close.run();
                    e.consume();
                }
            });
            field.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    close.run();
                }
            });
            field.requestFocus();
        }
    }
}
