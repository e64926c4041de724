package dev.sws.asr.decode;

import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.RecognizerConfig;

import java.util.List;

/** Turns encoder output, chunk by chunk, into hypotheses. Pure logic over the model's small graphs. */
public interface Searcher {

    SearchState init();

    /** Consumes one chunk: {@code frames[t]} is the encoder output (transducer) or log-probabilities (CTC). */
    void decode(SearchState state, float[][] frames);

    /**
     * Consumes one chunk for each of several streams ({@code frames.get(i)} for {@code states.get(i)}) with the
     * result of decoding them one by one; a search that can batch its model calls across streams does so.
     */
    default void decode(List<SearchState> states, List<float[][]> frames) {
        for (int i = 0; i < states.size(); i++) {
            decode(states.get(i), frames.get(i));
        }
    }

    /** Hypotheses best first (at most the beam size; greedy gives one). */
    default List<Hypothesis> nbest(SearchState state) {
        return List.copyOf(state.beam);
    }

    static Searcher forModel(AsrModel model, RecognizerConfig cfg) {
        boolean beam = cfg.decoding() == RecognizerConfig.Decoding.BEAM && cfg.beamSize() > 1;
        int blank = model.tokens().blank();
        if (model.kind() == AsrModel.Kind.CTC) {
            return beam ? new CtcPrefixBeamSearch(blank, cfg.beamSize()) : new CtcGreedySearch(blank);
        }
        return beam ? new TransducerBeamSearch(model.head(), blank, cfg.beamSize(), cfg.lm(), model.tokens())
                : new TransducerGreedySearch(model.head(), blank, cfg.maxSymbolsPerFrame());
    }
}
