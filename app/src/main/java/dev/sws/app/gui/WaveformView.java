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

/** Draws a {@link WaveformSummary} (min/max per pixel) with a play cursor; clicking seeks. */
public final class WaveformView extends Region {

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<WaveformSummary> summary = new SimpleObjectProperty<>();
    private final DoubleProperty cursor = new SimpleDoubleProperty(-1);
    private DoubleConsumer onSeek = s -> { };

    public WaveformView() {
        getStyleClass().add("waveform");
        getChildren().add(canvas);
        setMinHeight(80);
        setPrefHeight(110);
        summary.addListener((o, a, b) -> redraw());
        cursor.addListener((o, a, b) -> redraw());
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
        setOnMouseClicked(e -> {
            WaveformSummary s = summary.get();
            if (s != null && getWidth() > 0) {
                onSeek.accept(e.getX() / getWidth() * s.durationSeconds());
            }
        });
    }

    public ObjectProperty<WaveformSummary> summaryProperty() {
        return summary;
    }

    public DoubleProperty playheadProperty() {
        return cursor;
    }

    public void setOnSeek(DoubleConsumer c) {
        onSeek = c;
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
        WaveformSummary px = s.resample((int) w);
        g.setStroke(Color.web("#3b6fd8"));
        double step = w / px.bins();
        for (int i = 0; i < px.bins(); i++) {
            double x = i * step;
            g.strokeLine(x, mid - px.max()[i] * mid * 0.95, x, mid - px.min()[i] * mid * 0.95);
        }
        double c = cursor.get();
        if (c >= 0 && s.durationSeconds() > 0) {
            double x = c / s.durationSeconds() * w;
            g.setStroke(Color.web("#d64545"));
            g.strokeLine(x, 0, x, h);
        }
    }
}
