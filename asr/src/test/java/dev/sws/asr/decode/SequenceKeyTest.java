package dev.sws.asr.decode;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Beam searches merge hypotheses whose tokens are equal, and only those, by {@link Hypothesis.SeqKey}. */
class SequenceKeyTest {

    private static Hypothesis of(int... tokens) {
        Hypothesis h = Hypothesis.empty();
        for (int t : tokens) {
            h = h.extend(t, 0, 0f, 0);
        }
        return h;
    }

    @Test
    void aCandidateKeyEqualsTheKeyOfTheHypothesisItBecomes() {
        Hypothesis parent = of(5, 9);
        assertEquals(of(5, 9, 2).key(), parent.keyWith(2));
        assertEquals(of(5, 9, 2).key().hashCode(), parent.keyWith(2).hashCode());
        assertEquals(parent.key(), parent.sameTokens(-3).key(), "a blank step keeps the tokens");
        assertEquals(parent.key(), new Hypothesis(new int[]{5, 9}, new int[2], new float[2], 0).key(), "however the arrays were made");
    }

    @Test
    void differentTokensAreDifferentKeys() {
        assertNotEquals(of(5, 9, 2).key(), of(5, 9).keyWith(3));
        assertNotEquals(of(5, 9).key(), of(9, 5).key());
        assertNotEquals(of().key(), of(0).key());
        assertNotEquals(of(1).key(), of(1, 0).key());
    }

    /** Equal hashes alone do not merge: the tokens are compared (a forged colliding hash must not match). */
    @Test
    void aHashCollisionIsNotAMatch() {
        Hypothesis.SeqKey real = of(1, 2).key();
        Hypothesis.SeqKey forged = new Hypothesis.SeqKey(Hypothesis.SeqKey.hash(new int[]{1, 2}), new int[]{7, 7}, Hypothesis.SeqKey.NONE);
        assertEquals(real.hashCode(), forged.hashCode());
        assertNotEquals(real, forged);
        Map<Hypothesis.SeqKey, String> map = new HashMap<>();
        map.put(real, "real");
        assertNull(map.get(forged));
        assertEquals("real", map.get(of(1).keyWith(2)));
    }
}
