package dev.sws.asr.decode;

import dev.sws.asr.lm.LmFusion;
import dev.sws.asr.lm.NgramLm;
import dev.sws.asr.model.AsrModel;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The word-by-word LM accounting of shallow fusion against a sentence-level computation: for every hypothesis of the
 * final n-best, the score it is ranked by must equal recogniser log-probability + weight × LM(whole text, with its
 * start and end) + bonus × words. Drives the search with the transducer replica's real decoder and joiner and random
 * encoder frames (48-dimensional, as the replica's joiner takes); large word bonuses make the random search spell
 * many words.
 */
class FusionSearchTest {

    @Test
    void finalScoresEqualTheSentenceLevelFusedScore() throws Exception {
        NgramLm lm = NgramLm.load(Path.of("..", "models", "house-corrector-en-s1", "ngram.arpa.gz").toAbsolutePath().normalize());
        Path replica = Path.of(FusionSearchTest.class.getResource("/replicas/transducer").toURI());
        try (AsrModel m = AsrModel.load(replica, InferenceRuntime.standalone(), Device.CPU, 1)) {
            int checked = 0;
            for (double[] wb : new double[][]{{0.5, 8.0}, {1.5, 12.0}}) {
                LmFusion fusion = new LmFusion(lm, wb[0], wb[1]);
                TransducerBeamSearch search = new TransducerBeamSearch(m.head(), m.tokens().blank(), 6, fusion, m.tokens());
                SearchState state = search.init();
                Random r = new Random(7);
                float[][] frames = new float[150][48];
                for (float[] f : frames) {
                    for (int i = 0; i < f.length; i++) {
                        f[i] = (float) (2 * r.nextGaussian());
                    }
                }
                search.decode(state, frames);
                List<Hypothesis> nbest = search.nbest(state);
                double prev = Double.POSITIVE_INFINITY;
                for (Hypothesis h : nbest) {
                    String text = m.tokens().text(h.tokens).strip();
                    int words = text.isEmpty() ? 0 : text.split(" +").length;
                    double expected = h.logProb + wb[0] * lm.logProb(text) + wb[1] * words;
                    assertEquals(expected, search.finalScore(h), 1e-6, "'" + text + "'");
                    assertTrue(search.finalScore(h) <= prev, "ranked best first");
                    prev = search.finalScore(h);
                    checked += words > 1 ? 1 : 0;
                }
            }
            assertTrue(checked >= 4, "hypotheses of several words were checked: " + checked);
        }
    }

    @Test
    void knownWordsAreScoredInTheirTrigramContext() throws Exception {
        NgramLm lm = NgramLm.load(Path.of("..", "models", "house-corrector-en-s1", "ngram.arpa.gz").toAbsolutePath().normalize());
        Path replica = Path.of(FusionSearchTest.class.getResource("/replicas/transducer").toURI());
        try (AsrModel m = AsrModel.load(replica, InferenceRuntime.standalone(), Device.CPU, 1)) {
            TransducerBeamSearch search = new TransducerBeamSearch(m.head(), m.tokens().blank(), 4, new LmFusion(lm, 0.7, 1.3), m.tokens());
            Hypothesis h = Hypothesis.empty();
            double acoustic = 0;
            for (String piece : List.of("\u2581please", "\u2581press", "\u2581one", "\u2581the", "k", "e", "y")) {
                int id = -1;
                for (int i = 0; i < m.tokens().size() && id < 0; i++) {
                    id = piece.equals(m.tokens().piece(i)) ? i : -1;
                }
                if (id < 0) {
                    continue;   // the replica has no such piece: the sentence is built from those it has
                }
                h = search.extendForTest(h, id, -0.25f);
                acoustic -= 0.25;
            }
            String text = m.tokens().text(h.tokens).strip();
            assertTrue(text.split(" ").length >= 3, text);
            assertEquals(acoustic + 0.7 * lm.logProb(text) + 1.3 * text.split(" ").length, search.finalScore(h), 1e-9, text);
        }
    }
}
