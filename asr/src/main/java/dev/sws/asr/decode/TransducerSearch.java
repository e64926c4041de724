package dev.sws.asr.decode;

import dev.sws.asr.model.TransducerHead;

import java.util.List;

/** What greedy and beam transducer searches share: the head, the blank id, and the start state (blank fed once). */
abstract class TransducerSearch implements Searcher {
    final TransducerHead head;
    final int blank;

    TransducerSearch(TransducerHead head, int blank) {
        this.head = head;
        this.blank = blank;
    }

    @Override
    public SearchState init() {
        SearchState s = new SearchState();
        TransducerHead.DecoderOut d = head.decode(new int[]{blank}, new float[][]{head.zeroState()}, new float[][]{head.zeroState()});
        s.beam.add(Hypothesis.empty().withState(d.out()[0], d.h()[0], d.c()[0]));
        return s;
    }

    @Override
    public void decode(SearchState s, float[][] frames) {
        decode(List.of(s), java.util.Collections.singletonList(frames));
    }

    /** The most encoder frames any stream has in this chunk. */
    static int longest(List<float[][]> frames) {
        int n = 0;
        for (float[][] f : frames) {
            n = Math.max(n, f.length);
        }
        return n;
    }

    /** Adds the streams that have frame {@code f} to {@code active}, and that frame of each to {@code encs}. */
    static void at(int f, List<SearchState> states, List<float[][]> frames, List<SearchState> active, List<float[]> encs) {
        for (int i = 0; i < states.size(); i++) {
            if (frames.get(i).length > f) {
                active.add(states.get(i));
                encs.add(frames.get(i)[f]);
            }
        }
    }

    /**
     * Gives each of {@code children} the prediction-network state after its parent's state read its token, in one
     * batched decoder call (children, tokens and parents in step).
     */
    void advance(List<Hypothesis> children, List<Integer> tokens, List<Hypothesis> parents) {
        int m = children.size();
        if (m == 0) {
            return;
        }
        int[] toks = new int[m];
        float[][] hs = new float[m][];
        float[][] cs = new float[m][];
        for (int i = 0; i < m; i++) {
            toks[i] = tokens.get(i);
            hs[i] = parents.get(i).h;
            cs[i] = parents.get(i).c;
        }
        TransducerHead.DecoderOut d = head.decode(toks, hs, cs);
        for (int i = 0; i < m; i++) {
            children.get(i).withState(d.out()[i], d.h()[i], d.c()[i]);
        }
    }
}
