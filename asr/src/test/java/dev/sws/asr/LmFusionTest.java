package dev.sws.asr;

import dev.sws.asr.lm.NgramLm;
import dev.sws.asr.lm.LmFusion;
import dev.sws.asr.model.AsrModel;
import dev.sws.asr.model.EndpointConfig;
import dev.sws.asr.model.RecognizerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shallow fusion of a word n-gram into transducer beam search: the LM is scored word by word as pieces arrive, and
 * the n-best comes out ranked by what a sentence-level computation gives (recogniser + weight × LM of the whole text
 * with its start and end + bonus × words); weight 0 changes nothing. The replica's pieces include real English words
 * (▁the, ▁press, ▁one, ▁call…), so the shipped trigram scores them.
 */
class LmFusionTest {

    private static final NgramLm LM = load();

    private static NgramLm load() {
        try {
            return NgramLm.load(Path.of("..", "models", "house-corrector-en-s1", "ngram.arpa.gz").toAbsolutePath().normalize());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Segment recognise(AsrModel m, LmFusion fusion, long seed) {
        OnlineRecognizer rec = new OnlineRecognizer(m, RecognizerConfig.defaults().withDecoding(RecognizerConfig.Decoding.BEAM, 6)
                .withEndpoint(EndpointConfig.disabled()).withLm(fusion));
        OnlineStream s = rec.createStream();
        s.acceptWaveform(16000, StreamingTest.noise(seed, 16000 * 4));
        s.inputFinished();
        rec.decodeAll(s);
        return rec.result(s);
    }

    @Test
    void weightZeroLeavesTheSearchAsItWas() {
        try (AsrModel m = Replicas.load("transducer")) {
            Segment plain = recognise(m, null, 11);
            Segment fused = recognise(m, new LmFusion(LM, 0, 0), 11);
            assertEquals(plain.nbest(), fused.nbest());
        }
    }

    @Test
    void nbestIsRankedByTheSentenceLevelFusedScore() {
        try (AsrModel m = Replicas.load("transducer")) {
            for (double[] wb : new double[][]{{0.5, 1.0}, {1.5, 0.0}}) {
                LmFusion fusion = new LmFusion(LM, wb[0], wb[1]);
                Segment plain = recognise(m, null, 12);
                Segment fused = recognise(m, fusion, 12);
                List<NBestEntry> n = fused.nbest();
                assertTrue(n.size() > 1, "a list to rank");
                double prev = Double.POSITIVE_INFINITY;
                for (NBestEntry e : n) {
                    int words = e.text().isBlank() ? 0 : e.text().strip().split(" +").length;
                    double total = e.logProb() + wb[0] * LM.logProb(e.text()) + wb[1] * words;
                    assertTrue(total <= prev + 1e-6, "ranked by the fused score: " + n);
                    prev = total;
                }
                assertNotEquals(plain.nbest(), n, "the LM changes the search at weight " + wb[0]);
                assertEquals(fused.text(), n.getFirst().text());
            }
        }
    }

    @Test
    void outOfRangeWeightsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LmFusion(LM, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LmFusion(LM, 0.3, Double.NaN));
        assertThrows(NullPointerException.class, () -> new LmFusion(null, 0.3, 1));
    }
}
