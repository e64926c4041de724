package dev.sws.asr.decode;

/** Best path: argmax per frame, repeats collapsed, blanks removed. */
final class CtcGreedySearch implements Searcher {
    private final int blank;

    CtcGreedySearch(int blank) {
        this.blank = blank;
    }

    @Override
    public SearchState init() {
        SearchState s = new SearchState();
        s.beam.add(Hypothesis.empty());
        s.prevToken = blank;
        return s;
    }

    @Override
    public void decode(SearchState s, float[][] frames) {
        for (float[] lp : frames) {
            int t = s.frames++;
            int k = argmax(lp);
            if (k != blank && k != s.prevToken) {
                Hypothesis h = s.best();
                s.beam.set(0, h.extend(k, t, lp[k], h.logProb + lp[k]));
            } else {
                s.best().logProb += lp[k];
            }
            s.prevToken = k;
            s.updateTrailing(t);
        }
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
