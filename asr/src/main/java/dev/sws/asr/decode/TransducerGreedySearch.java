package dev.sws.asr.decode;

import dev.sws.asr.model.TransducerHead;

import java.util.ArrayList;
import java.util.List;

/** Greedy transducer search, up to {@code maxSymbols} tokens per encoder frame (NeMo's greedy decoding). */
final class TransducerGreedySearch extends TransducerSearch {
    private final int maxSymbols;

    TransducerGreedySearch(TransducerHead head, int blank, int maxSymbols) {
        super(head, blank);
        this.maxSymbols = maxSymbols;
    }

    /** Frame by frame over all streams at once: one joiner call and one decoder call per symbol step for all of them. */
    @Override
    public void decode(List<SearchState> states, List<float[][]> frames) {
        int longest = longest(frames);
        for (int f = 0; f < longest; f++) {
            List<SearchState> open = new ArrayList<>();
            List<float[]> encs = new ArrayList<>();
            at(f, states, frames, open, encs);
            open.forEach(st -> st.frames++);
            List<SearchState> all = List.copyOf(open);
            for (int k = 0; k < maxSymbols && !open.isEmpty(); k++) {
                int n = open.size();
                float[][] decs = new float[n][];
                for (int i = 0; i < n; i++) {
                    decs[i] = open.get(i).best().decOut;
                }
                float[][] lp = head.join(encs.toArray(new float[0][]), decs);
                List<SearchState> emitted = new ArrayList<>();
                List<float[]> emittedEncs = new ArrayList<>();
                List<Integer> ys = new ArrayList<>();
                List<Hypothesis> parents = new ArrayList<>();
                List<Hypothesis> children = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Hypothesis h = open.get(i).best();
                    int y = CtcGreedySearch.argmax(lp[i]);
                    if (y == blank) {
                        h.logProb += lp[i][y];
                    } else {
                        emitted.add(open.get(i));
                        emittedEncs.add(encs.get(i));
                        ys.add(y);
                        parents.add(h);
                        Hypothesis child = h.extend(y, open.get(i).frames - 1, lp[i][y], h.logProb + lp[i][y]);
                        children.add(child);
                        open.get(i).beam.set(0, child);
                    }
                }
                advance(children, ys, parents);
                open = emitted;
                encs = emittedEncs;
            }
            for (SearchState st : all) {
                st.updateTrailing(st.frames - 1);
            }
        }
    }
}
