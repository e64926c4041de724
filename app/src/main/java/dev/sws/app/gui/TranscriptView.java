package dev.sws.app.gui;

import dev.sws.asr.Segment;
import dev.sws.asr.Word;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Cursor;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * Final segments as lines of clickable words (click plays from that word; the tooltip shows time and
 * confidence), followed by the greyed partial text of the open segment.
 */
public final class TranscriptView extends ScrollPane {

    private final VBox lines = new VBox(4);
    private final TextFlow partialLine = new TextFlow();
    private final Text partialText = new Text();
    private DoubleConsumer onWord = s -> { };

    public TranscriptView() {
        getStyleClass().add("transcript");
        partialText.getStyleClass().add("partial");
        partialLine.getChildren().add(partialText);
        lines.getChildren().add(partialLine);
        lines.getStyleClass().add("transcript");
        setContent(lines);
        setFitToWidth(true);
        lines.heightProperty().addListener((o, a, b) -> setVvalue(1.0)); // follow the newest text
    }

    public void bind(ObservableList<Segment> segments, ObservableValue<String> partial) {
        segments.addListener((ListChangeListener<Segment>) c -> {
            while (c.next()) {   // lines mirror the list: index i = segment i, the partial line last
                if (c.wasRemoved()) {
                    lines.getChildren().remove(c.getFrom(), c.getFrom() + c.getRemovedSize());
                }
                int at = c.getFrom();
                for (Segment s : c.getAddedSubList()) {
                    lines.getChildren().add(at++, line(s));
                }
            }
        });
        partial.addListener((o, a, b) -> partialText.setText(b));
    }

    public void setOnWord(DoubleConsumer c) {
        onWord = c;
    }

    /** The text of final line {@code i} as shown (for tests). */
    public String lineText(int i) {
        return ((TextFlow) lines.getChildren().get(i)).getChildren().stream().skip(1)
                .map(n -> ((Text) n).getText()).reduce("", String::concat).strip();
    }

    /** Number of final lines shown (for tests). */
    public int lineCount() {
        return lines.getChildren().size() - 1;
    }

    private TextFlow line(Segment s) {
        TextFlow f = new TextFlow();
        // the time of the first word (heard from its beginning), not of the segment's start, which is the end of the
        // pause before it; clicking it plays the line
        double from = s.words().isEmpty() ? s.start() : Math.max(s.start(), s.words().getFirst().heardFrom());
        Text time = new Text(String.format(Locale.ROOT, "[%s] ", clock(from)));
        time.getStyleClass().add("segment-time");
        time.setCursor(Cursor.HAND);
        time.setOnMouseClicked(e -> onWord.accept(from));
        f.getChildren().add(time);
        if (s.words().isEmpty()) {
            Text t = new Text(s.text());
            t.getStyleClass().add("final");
            f.getChildren().add(t);
        }
        for (Word w : s.words()) {
            Text t = new Text(w.text() + " ");
            t.getStyleClass().addAll("final", "word");
            t.setCursor(Cursor.HAND);
            Tooltip.install(t, new Tooltip(String.format(Locale.ROOT, "%s – %s, confidence %.0f%%", clock(w.start()), clock(w.end()), 100 * w.confidence())));
            t.setOnMouseClicked(e -> onWord.accept(w.heardFrom()));
            f.getChildren().add(t);
        }
        return f;
    }

    static String clock(double s) {
        long ms = Math.round(s * 1000);
        return String.format(Locale.ROOT, "%02d:%02d.%01d", ms / 60000, ms / 1000 % 60, ms / 100 % 10);
    }
}
