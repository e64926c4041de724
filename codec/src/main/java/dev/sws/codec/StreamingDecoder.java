package dev.sws.codec;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Decodes a stream of tokens as it arrives: every {@code chunk} new frames are decoded in a window with
 * {@code decoder_context} frames of context on each side (so the audio of a chunk waits for that much lookahead) and
 * the chunk's middle part is emitted; consecutive chunks are cross-faded over {@code fade} samples. Not thread-safe.
 */
public final class StreamingDecoder {

    private final CodecModel model;
    private final int chunk;
    private final int context;
    private final int fade;
    private final Consumer<float[]> sink;
    private int[][] codes;
    private int frames;
    private int emittedFrames;
    private float[] pendingTail = new float[0];

    public StreamingDecoder(CodecModel model, int chunkFrames, Consumer<float[]> sink) {
        this.model = model;
        this.chunk = Math.max(1, chunkFrames);
        this.context = model.info().decoderContext();
        this.fade = Math.min(model.info().hop() / 2, 160);
        this.sink = sink;
        this.codes = new int[model.info().codebooks()][256];
    }

    /** Adds frames (Q × n) and emits every chunk whose right context is complete. */
    public void accept(int[][] more) {
        model.info().checkCodes(more);
        int n = more[0].length;
        if (frames + n > codes[0].length) {
            for (int q = 0; q < codes.length; q++) {
                codes[q] = Arrays.copyOf(codes[q], Math.max(frames + n, codes[q].length * 2));
            }
        }
        for (int q = 0; q < codes.length; q++) {
            System.arraycopy(more[q], 0, codes[q], frames, n);
        }
        frames += n;
        while (frames - emittedFrames >= chunk + context) {
            emit(emittedFrames + chunk);
        }
    }

    /** Emits everything that is left (end of stream). */
    public void finish() {
        while (emittedFrames < frames) {
            emit(Math.min(frames, emittedFrames + chunk));
        }
        if (pendingTail.length > 0) {
            sink.accept(pendingTail);
            pendingTail = new float[0];
        }
    }

    private void emit(int end) {
        int hop = model.info().hop();
        int from = Math.max(0, emittedFrames - context);
        int to = Math.min(frames, end + context);
        float[] audio = model.decodeWindow(codes, from, to);
        int start = (emittedFrames - from) * hop;
        int stop = (end - from) * hop;
        int extra = end < frames ? Math.min(fade, audio.length - stop) : 0; // samples kept for the next cross-fade
        float[] out = Arrays.copyOfRange(audio, start, stop + extra);
        int overlap = Math.min(pendingTail.length, out.length);
        for (int i = 0; i < overlap; i++) {
            float w = (i + 0.5f) / overlap;
            out[i] = pendingTail[i] * (1 - w) + out[i] * w;
        }
        pendingTail = Arrays.copyOfRange(out, out.length - extra, out.length);
        sink.accept(Arrays.copyOf(out, out.length - extra));
        emittedFrames = end;
    }
}
