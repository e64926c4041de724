package dev.sws.asr.mlm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments spelled out in letters or digit words are left to the recogniser: a masked LM has no say in them. */
class SpelledTest {

    @Test
    void lettersAndDigitsAreSpelledWordsAreNot() {
        assertTrue(MlmRescorer.spelled("p i t t s b u r g h"));          // AN4
        assertTrue(MlmRescorer.spelled("four one two oh nine"));
        assertTrue(MlmRescorer.spelled("enter five"));                    // half
        assertFalse(MlmRescorer.spelled("press five for the operator"));
        assertFalse(MlmRescorer.spelled("call forward on busy"));
        assertTrue(MlmRescorer.spelled(""));
    }
}
