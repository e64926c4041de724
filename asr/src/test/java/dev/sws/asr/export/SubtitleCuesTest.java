package dev.sws.asr.export;

import dev.sws.asr.NBestEntry;
import dev.sws.asr.Segment;
import dev.sws.asr.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubtitleCuesTest {

    /** A segment whose words are spaced evenly over [start, end]. */
    static Segment segment(double start, double end, String text) {
        String[] t = text.split(" ");
        List<Word> ws = new ArrayList<>();
        double step = (end - start) / t.length;
        for (int i = 0; i < t.length; i++) {
            ws.add(new Word(t[i], start + i * step, start + (i + 1) * step, 0.9));
        }
        return new Segment(0, start, end, text, ws, List.of(new NBestEntry(text, -1)), 0.9);
    }

    static void assertWithinLimits(List<SubtitleCues.Cue> cues, Segment s) {
        assertEquals(s.start(), cues.getFirst().start(), 1e-9, "the first cue starts with the segment");
        assertEquals(s.end(), cues.getLast().end(), 1e-9, "the last cue ends with it");
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < cues.size(); i++) {
            SubtitleCues.Cue c = cues.get(i);
            assertTrue(c.end() - c.start() <= SubtitleCues.MAX_SECONDS + 1e-9, "cue " + i + " lasts " + (c.end() - c.start()) + " s");
            assertTrue(c.lines().size() <= SubtitleCues.MAX_LINES, c.text());
            c.lines().forEach(l -> assertTrue(l.length() <= SubtitleCues.MAX_LINE, "line of " + l.length() + ": " + l));
            if (i > 0) {
                assertEquals(cues.get(i - 1).end(), c.start(), 1e-9, "cues follow each other without gap or overlap");
            }
            all.append(all.isEmpty() ? "" : " ").append(String.join(" ", c.lines()));
        }
        assertEquals(s.text(), all.toString(), "no word lost, added or reordered");
    }

    @Test
    void aSegmentWithinTheLimitsIsOneCueWithItsOwnTimes() {
        Segment s = segment(1.0, 4.0, "press one for sales or two for support");
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        assertEquals(1, cues.size());
        assertEquals(List.of("press one for sales or two for support"), cues.getFirst().lines());
        Segment two = segment(1.0, 6.0, "please enter your conference number followed by the pound key");
        assertEquals(List.of("please enter your conference", "number followed by the pound key"),
                SubtitleCues.of(List.of(two)).getFirst().lines(), "longer than a line: two lines broken near the middle");
    }

    @Test
    void longSegmentsAreSplitBetweenWordsIntoBalancedCuesThatFit() {
        // 140 characters over 10.6 s: a segment the recogniser ended only at a pause (seen in a 60 s recording)
        Segment s = segment(19.84, 30.48, "where we actly or power there is but be ball i go bug in a journal than the "
                + "lecture attribute reader rendered in a work thivered all of mess");
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        assertEquals(2, cues.size(), "the fewest cues that fit");
        assertWithinLimits(cues, s);
        int a = cues.get(0).text().length();
        int b = cues.get(1).text().length();
        assertTrue(Math.abs(a - b) < 20, "balanced, not a full cue and a stub: " + a + " / " + b);
        assertTrue(s.words().stream().anyMatch(w -> w.start() == cues.get(1).start()), "the second cue starts at its first word");

        // slow speech: few characters, but too long for one cue (2.5 s a word: at most two words fit in 7 s)
        Segment slow = segment(0, 20, "one two three four five six seven eight");
        List<SubtitleCues.Cue> slowCues = SubtitleCues.of(List.of(slow));
        assertEquals(4, slowCues.size());
        assertWithinLimits(slowCues, slow);
    }

    @Test
    void wordsThatNoLongerSpellTheTextAreInterpolated() {
        Segment heard = segment(0, 12, "the party you were trying to reach does not accept unidentified calls please hang "
                + "up and try again later with your number shown");
        Segment corrected = heard.withText(heard.text() + " today", List.of());   // a correction that added a word
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(corrected));
        assertTrue(cues.size() >= 2);
        assertWithinLimits(cues, corrected);
    }

    @Test
    void subRipAndWebVttUseTheCues() {
        Segment s = segment(0, 10, "where we actly or power there is but be ball i go bug in a journal than the lecture "
                + "attribute reader rendered in a work thivered all of mess");
        var t = new dev.sws.asr.Transcript("x.wav", "m", List.of(s), 10, 1);
        String srt = TranscriptExporter.render(t, TranscriptFormat.SRT);
        assertTrue(srt.startsWith("1\n00:00:00,000 --> 00:00:0"), srt);
        assertTrue(srt.contains("\n\n2\n00:00:0"), srt);
        String vtt = TranscriptExporter.render(t, TranscriptFormat.VTT);
        assertEquals(2, vtt.split(" --> ").length - 1, vtt);
    }
}
