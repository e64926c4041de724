package dev.sws.asr.eval;

import dev.sws.asr.NBestAgreement;
import dev.sws.asr.NBestEntry;
import dev.sws.asr.Word;
import dev.sws.asr.WordAlignment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Word confidences from the n-best list, and how the evaluation scores them against references. */
class WordMarksTest {

    private static String[] w(String s) {
        return s.split(" ");
    }

    @Test
    void keptWordsAreThoseTheAlignmentPairsWithThemselves() {
        assertArrayEquals(new boolean[]{true, false, true, true}, WordAlignment.kept(w("the cat sat down"), w("the hat sat down")));
        assertArrayEquals(new boolean[]{true, false, true}, WordAlignment.kept(w("a b"), w("a x b")), "an insertion");
        assertArrayEquals(new boolean[]{true, true}, WordAlignment.kept(w("a q b"), w("a b")), "a deletion");
        assertArrayEquals(new boolean[]{false}, WordAlignment.kept(new String[0], w("a")));
    }

    @Test
    void agreementIsThePosteriorOfTheHypothesesThatKeepAWord() {
        // posteriors ∝ e^0, e^-1, e^-1 (the repeated text counts once, at its first entry)
        List<NBestEntry> nbest = List.of(new NBestEntry("enter seven", 0), new NBestEntry("enter seventy", -1),
                new NBestEntry("and her seven", -1), new NBestEntry("enter seventy", -0.5));
        double z = 1 + 2 * Math.exp(-1);
        double[] a = NBestAgreement.of(w("enter seven"), nbest);
        assertEquals((1 + Math.exp(-1)) / z, a[0], 1e-12, "'enter' is kept by the first two");
        assertEquals((1 + Math.exp(-1)) / z, a[1], 1e-12, "'seven' by the first and the third");
        assertArrayEquals(new double[]{1, 1}, NBestAgreement.of(w("enter seven"), List.of(new NBestEntry("enter seven", 0))));

        List<Word> words = List.of(new Word("enter", 0, 0.4, 0.9), new Word("seven", 0.4, 0.8, 0.5));
        List<Word> weighed = NBestAgreement.weigh(words, nbest);
        assertEquals(0.9 * a[0], weighed.get(0).confidence(), 1e-12);
        assertEquals(0.5 * a[1], weighed.get(1).confidence(), 1e-12);
        assertEquals(0.4, weighed.get(1).start(), "times kept");
        assertEquals(words, NBestAgreement.weigh(words, nbest.subList(0, 1)), "one hypothesis: nothing to weigh");
    }

    @Test
    void marksAreScoredAgainstTheReference() {
        WordMarks m = new WordMarks();
        // reference "the cat sat": "hat" is wrong (lowest confidence), "down" is inserted (mid), the rest right
        m.add("The cat sat.", List.of(new Word("the", 0, 1, 0.9), new Word("hat", 1, 2, 0.2), new Word("sat", 2, 3, 0.8),
                new Word("down", 3, 4, 0.6)));
        assertEquals(4, m.words());
        assertEquals(2, m.wrong());
        assertEquals(1.0, m.auc(), 1e-12, "every wrong word below every right one");
        String s = m.summary(0.5);
        assertTrue(s.contains("4 words, 2 wrong; ROC AUC 1.000; under 0.50: 1 marked, 100.0 % of them wrong, 50.0 % of the "
                + "wrong words marked"), s);
        m.add("a b", List.of(new Word("a", 0, 1, 0.6), new Word("c", 1, 2, 0.6)));   // a tie between right and wrong
        assertEquals((3 + 2.5 + 2.5) / 9.0, m.auc(), 1e-12, "hat below all; down and c above none, tied with a");
    }
}
