package dev.sws.app.gui;

import dev.sws.codec.TokenFile;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Codec tokens over time: one row per codebook (first on top), one column per frame, each id a colour (hue from
 * the id, so repeated tokens show as bands). Frames are squeezed to the width; hovering shows the frame's ids.
 */
public final class TokenImage extends Region {
    private final Canvas canvas = new Canvas();
    private TokenFile tokens;
    private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

    public TokenImage() {
        getStyleClass().add("token-image");
        getChildren().add(canvas);
        setMinHeight(60);
        setPrefHeight(90);
        javafx.scene.control.Tooltip.install(this, tip);
        setOnMouseMoved(e -> {
            if (tokens != null && tokens.frames() > 0) {
                int t = (int) Math.min(tokens.frames() - 1, Math.max(0, e.getX() / getWidth() * tokens.frames()));
                StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "frame %d (%.2f s):", t, t / tokens.frameRate()));
                for (int[] row : tokens.codes()) {
                    sb.append(' ').append(row[t]);
                }
                tip.setText(sb.toString());
            }
        });
    }

    public void setTokens(TokenFile t) {
        this.tokens = t;
        requestLayout();
        draw();
    }

    /** Frames currently drawn (for tests). */
    public int frames() {
        return tokens == null ? 0 : tokens.frames();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (tokens == null || tokens.frames() == 0 || w <= 0) {
            return;
        }
        int q = tokens.codes().length;
        int n = tokens.frames();
        double rowH = h / q;
        int cols = (int) Math.min(n, Math.max(1, w));
        for (int r = 0; r < q; r++) {
            int[] row = tokens.codes()[r];
            for (int c = 0; c < cols; c++) {
                int t = (int) ((long) c * n / cols);
                double hue = 360.0 * ((row[t] * 0.618034) % 1.0);
                g.setFill(Color.hsb(hue, 0.55, 0.55 + 0.4 * (r % 2 == 0 ? 1 : 0.6)));
                g.fillRect(c * w / cols, r * rowH, w / cols + 0.5, rowH - 1);
            }
        }
    }
}
