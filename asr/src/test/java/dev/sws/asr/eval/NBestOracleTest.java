package dev.sws.asr.eval;

import dev.sws.asr.NBestEntry;
import dev.sws.asr.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NBestOracleTest {

    static Segment seg(String... hyps) {
        List<NBestEntry> nbest = java.util.stream.IntStream.range(0, hyps.length)
                .mapToObj(i -> new NBestEntry(hyps[i], -i)).toList();
        return new Segment(0, 0, 1, hyps[0], List.of(), nbest, 1);
    }

    @Test
    void picksTheBestHypothesisWithinTheFirstK() {
        List<Segment> one = List.of(seg("there are turningly two calls", "there are currently to calls",
                "there are currently two calls"));
        String ref = "There are currently two calls.";
        assertEquals(1, NBestOracle.counts(ref, one, 1).errors(), "k = 1 is the top hypothesis");
        assertEquals(1, NBestOracle.counts(ref, one, 2).errors());
        assertEquals(0, NBestOracle.counts(ref, one, 3).errors());
        assertEquals(5, NBestOracle.counts(ref, one, 3).referenceWords());
        assertThrows(IllegalArgumentException.class, () -> NBestOracle.counts(ref, one, 0));
    }

    @Test
    void choosesPerSegmentAcrossAFile() {
        List<Segment> two = List.of(seg("press one", "press won"), seg("for cells", "four sales", "for sales"));
        assertEquals(0, NBestOracle.counts("press one for sales", two, 4).errors());
        assertEquals(1, NBestOracle.counts("press one for sales", two, 1).errors());
        assertEquals(2, NBestOracle.counts("", List.of(seg("uh huh", "")), 1).insertions());
        assertEquals(0, NBestOracle.counts("", List.of(seg("uh huh", "")), 2).errors(), "an empty hypothesis counts");
    }
}
