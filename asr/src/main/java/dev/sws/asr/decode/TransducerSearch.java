package dev.sws.asr.decode;

import dev.sws.asr.model.TransducerHead;

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
}
