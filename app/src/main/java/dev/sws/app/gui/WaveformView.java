package dev.sws.app.gui;

import dev.sws.audio.dsp.WaveformSummary;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import java.util.function.DoubleConsumer;

/**
 * Draws a {@link WaveformSummary} (min/max per pixel) with the playhead and a selection. Click seeks; drag selects
 * (for looping); Ctrl+wheel or {@link #zoom(double)} zooms around the pointer or the playhead; the wheel scrolls; while
 * playing, the view follows the playhead.
 */
public final class WaveformView extends Region {

    public static final double MAX_ZOOM = 256;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<WaveformSummary> summary = new SimpleObjectProperty<>();
    private final DoubleProperty cursor = new SimpleDoubleProperty(-1);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private final DoubleProperty offset = new SimpleDoubleProperty(0);   // seconds at the left edge
    private final DoubleProperty selectionStart = new SimpleDoubleProperty(-1);
    private final DoubleProperty selectionEnd = new SimpleDoubleProperty(-1);
    private DoubleConsumer onSeek = s -> { };
    private double pressX = -1;

    public WaveformView() {
        getStyleClass().add("waveform");
        getChildren().add(canvas);
        setMinHeight(80);
        setPrefHeight(110);
        summary.addListener((o, a, b) -> {
            zoom.set(1);
            offset.set(0);
            redraw();
        });
        for (var p : java.util.List.of(zoom, offset, selectionStart, selectionEnd)) {
            p.addListener((o, a, b) -> redraw());
        }
        cursor.addListener((o, a, b) -> {
            follow(b.doubleValue());
            redraw();
        });
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
        setOnMousePressed(e -> pressX = e.getX());
        setOnMouseDragged(e -> {
            if (summary.get() != null && pressX >= 0) {
                selectionStart.set(timeAt(Math.min(pressX, e.getX())));
                selectionEnd.set(timeAt(Math.max(pressX, e.getX())));
            }
        });
        setOnMouseReleased(e -> {
            WaveformSummary s = summary.get();
            if (s != null && getWidth() > 0 && Math.abs(e.getX() - pressX) < 3) {
                selectionStart.set(-1);   // a click, not a drag: seek, and the selection goes
                selectionEnd.set(-1);
                onSeek.accept(timeAt(e.getX()));
            }
            pressX = -1;
        });
        setOnScroll(e -> {
            if (summary.get() == null) {
                return;
            }
            if (e.isShortcutDown()) {
                zoomAround(e.getDeltaY() > 0 ? 1.5 : 1 / 1.5, timeAt(e.getX()), e.getX());
            } else {
                double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
                setOffset(offset.get() - d / Math.max(1, getWidth()) * visibleSeconds());
            }
            e.consume();
        });
    }

    public ObjectProperty<WaveformSummary> summaryProperty() {
        return summary;
    }

    public DoubleProperty playheadProperty() {
        return cursor;
    }

    /** 1 shows the whole clip; 2 half of it, and so on. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** The time at the left edge, seconds. */
    public DoubleProperty offsetProperty() {
        return offset;
    }

    public DoubleProperty selectionStartProperty() {
        return selectionStart;
    }

    public DoubleProperty selectionEndProperty() {
        return selectionEnd;
    }

    public void setOnSeek(DoubleConsumer c) {
        onSeek = c;
    }

    /** Zooms by {@code factor} around the playhead (or the middle of the view when not playing). */
    public void zoom(double factor) {
        double c = cursor.get() >= 0 ? cursor.get() : offset.get() + visibleSeconds() / 2;
        double x = (c - offset.get()) / Math.max(1e-9, visibleSeconds()) * getWidth();
        zoomAround(factor, c, x);
    }

    private void zoomAround(double factor, double time, double x) {
        WaveformSummary s = summary.get();
        if (s == null) {
            return;
        }
        zoom.set(Math.max(1, Math.min(MAX_ZOOM, zoom.get() * factor)));
        setOffset(time - x / Math.max(1, getWidth()) * visibleSeconds());
    }

    private void setOffset(double o) {
        WaveformSummary s = summary.get();
        double max = s == null ? 0 : Math.max(0, s.durationSeconds() - visibleSeconds());
        offset.set(Math.max(0, Math.min(max, o)));
    }

    /** Seconds shown across the width. */
    public double visibleSeconds() {
        WaveformSummary s = summary.get();
        return s == null ? 0 : s.durationSeconds() / zoom.get();
    }

    private double timeAt(double x) {
        WaveformSummary s = summary.get();
        return s == null ? 0 : Math.max(0, Math.min(s.durationSeconds(), offset.get() + x / Math.max(1, getWidth()) * visibleSeconds()));
    }

    private void follow(double t) {
        if (t < 0 || summary.get() == null) {
            return;
        }
        double v = visibleSeconds();
        if (t < offset.get() || t > offset.get() + v * 0.95) {
            setOffset(t - v * 0.1);
        }
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redraw() {
        double w = getWidth();
        double h = getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        WaveformSummary s = summary.get();
        double mid = h / 2;
        g.setStroke(Color.gray(0.5, 0.4));
        g.strokeLine(0, mid, w, mid);
        if (s == null || w < 2) {
            return;
        }
        double v = visibleSeconds();
        double secPerBin = (double) s.samplesPerBin() / s.sampleRate();
        if (selectionStart.get() >= 0 && selectionEnd.get() > selectionStart.get()) {
            double x0 = (selectionStart.get() - offset.get()) / v * w;
            double x1 = (selectionEnd.get() - offset.get()) / v * w;
            g.setFill(Color.web("#f2b134", 0.3));
            g.fillRect(x0, 0, x1 - x0, h);
        }
        g.setStroke(Color.web("#3b6fd8"));
        int px = (int) w;
        for (int x = 0; x < px; x++) {
            int from = (int) ((offset.get() + v * x / w) / secPerBin);
            int to = (int) Math.max(from + 1, (offset.get() + v * (x + 1) / w) / secPerBin);
            if (from >= s.bins()) {
                break;
            }
            float lo = 0;
            float hi = 0;
            for (int i = from; i < Math.min(to, s.bins()); i++) {
                lo = Math.min(lo, s.min()[i]);
                hi = Math.max(hi, s.max()[i]);
            }
            g.strokeLine(x + 0.5, mid - hi * mid * 0.95, x + 0.5, mid - lo * mid * 0.95);
        }
        double c = cursor.get();
        if (c >= 0 && v > 0) {
            double x = (c - offset.get()) / v * w;
            g.setStroke(Color.web("#d64545"));
            g.strokeLine(x, 0, x, h);
        }
        if (zoom.get() > 1) {   // where the view is in the whole clip
            g.setFill(Color.gray(0.5, 0.5));
            g.fillRect(offset.get() / s.durationSeconds() * w, h - 3, w / zoom.get(), 3);
        }
    }
}
