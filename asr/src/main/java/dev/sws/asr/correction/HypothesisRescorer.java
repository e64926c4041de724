package dev.sws.asr.correction;

import dev.sws.asr.NBestEntry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A second pass over a segment's n-best list that may pick another of the recogniser's own hypotheses (never new
 * text): the word n-gram of the corrector folder ({@link NBestRescorer}) or a masked LM ({@code asr.mlm}).
 * Implementations are safe to call from several threads.
 */
public interface HypothesisRescorer {

    /** What the rescoring chose for one segment (normalised text), and by how much it beat the recogniser's first. */
    record Choice(String text, int index, double gain) {}

    /** The hypothesis to use instead of the first, or empty when the first stays. */
    Optional<Choice> choose(List<NBestEntry> nbest);

    /** Says which rescoring it is, for the correction's reason ("n-gram rescoring"). */
    String name();

    /** The reason a correction shows for a choice. */
    default String describe(Choice c) {
        return String.format(Locale.ROOT, "%s: hypothesis %d, %+.2f over the recogniser's first", name(), c.index() + 1,
                c.gain());
    }
}
