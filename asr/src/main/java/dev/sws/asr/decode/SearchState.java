package dev.sws.asr.decode;

import java.util.ArrayList;
import java.util.List;

/** Per-stream decoding state, carried from chunk to chunk and reset at an endpoint. */
public final class SearchState {
    List<Hypothesis> beam = new ArrayList<>();
    /** Encoder frames decoded in this segment. */
    int frames;
    /** Encoder frames since the best hypothesis last emitted a token (or since the segment started). */
    int trailingBlankFrames;
    /** CTC greedy: the previous frame's argmax. */
    int prevToken = -1;

    public int frames() {
        return frames;
    }

    public int trailingBlankFrames() {
        return trailingBlankFrames;
    }

    /** The current best hypothesis. */
    public Hypothesis best() {
        return beam.getFirst();
    }

    void updateTrailing(int frame) {
        Hypothesis b = best();
        trailingBlankFrames = b.frames.length == 0 ? frame + 1 : frame - b.frames[b.frames.length - 1];
    }
}
