package dev.sws.asr.decode;

import dev.sws.asr.model.TransducerHead;

/** Greedy transducer search, up to {@code maxSymbols} tokens per encoder frame (NeMo's greedy decoding). */
final class TransducerGreedySearch extends TransducerSearch {
    private final int maxSymbols;

    TransducerGreedySearch(TransducerHead head, int blank, int maxSymbols) {
        super(head, blank);
        this.maxSymbols = maxSymbols;
    }

    @Override
    public void decode(SearchState s, float[][] frames) {
        for (float[] enc : frames) {
            int t = s.frames++;
            for (int k = 0; k < maxSymbols; k++) {
                Hypothesis h = s.best();
                float[] lp = head.join(new float[][]{enc}, new float[][]{h.decOut})[0];
                int y = CtcGreedySearch.argmax(lp);
                if (y == blank) {
                    h.logProb += lp[y];
                    break;
                }
                TransducerHead.DecoderOut d = head.decode(new int[]{y}, new float[][]{h.h}, new float[][]{h.c});
                s.beam.set(0, h.extend(y, t, lp[y], h.logProb + lp[y]).withState(d.out()[0], d.h()[0], d.c()[0]));
            }
            s.updateTrailing(t);
        }
    }
}
