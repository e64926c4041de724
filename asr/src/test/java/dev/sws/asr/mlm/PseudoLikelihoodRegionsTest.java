package dev.sws.asr.mlm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Where a hypothesis differs from the first one, widened by context words and carried across aligned words. */
class PseudoLikelihoodRegionsTest {

    private static boolean[] marks(String s) {
        boolean[] m = new boolean[s.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = s.charAt(i) == 'x';
        }
        return m;
    }

    @Test
    void aSubstitutionMarksItsStretchOnBothSides() {
        String[] a = "call forward on busy now please".split(" ");
        String[] b = "call forward unbusy now please".split(" ");
        boolean[][] r = PseudoLikelihood.regions(a, b, 1);
        // a: "on busy" unaligned, widened by one word: forward..now; b: "unbusy" widened: forward..now
        assertArrayEquals(marks(".xxxx."), r[0]);
        assertArrayEquals(marks(".xxx."), r[1]);
    }

    @Test
    void anInsertionMarksTheNeighboursOnTheOtherSide() {
        String[] a = "press one for sales".split(" ");
        String[] b = "press one now for sales".split(" ");
        boolean[][] r = PseudoLikelihood.regions(a, b, 1);
        assertArrayEquals(marks(".xx."), r[0]);
        assertArrayEquals(marks(".xxx."), r[1]);
        boolean[][] none = PseudoLikelihood.regions(a, a, 2);
        assertArrayEquals(new boolean[4], none[0]);
        assertArrayEquals(new boolean[4], none[1]);
        boolean[][] tight = PseudoLikelihood.regions(a, b, 0);
        assertArrayEquals(new boolean[4], tight[0]);
        assertArrayEquals(marks("..x.."), tight[1]);
    }
}
