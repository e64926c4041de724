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
        assertTrue(cues.getFirst().start() >= s.start() - 1e-9, "the first cue starts within the segment");
        assertTrue(cues.getLast().end() <= s.end() + 1e-9, "the last cue ends within it");
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < cues.size(); i++) {
            SubtitleCues.Cue c = cues.get(i);
            assertTrue(c.end() - c.start() <= SubtitleCues.MAX_SECONDS + 1e-9, "cue " + i + " lasts " + (c.end() - c.start()) + " s");
            assertTrue(c.lines().size() <= SubtitleCues.MAX_LINES, c.text());
            c.lines().forEach(l -> assertTrue(l.length() <= SubtitleCues.MAX_LINE, "line of " + l.length() + ": " + l));
            if (i > 0) {
                assertTrue(c.start() >= cues.get(i - 1).end() - 1e-9, "cues do not overlap");
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
        assertTrue(s.words().stream().anyMatch(w -> Math.abs(w.start() - SubtitleCues.LEAD - cues.get(1).start()) < 1e-9),
                "the second cue starts just before its first word");

        // slow speech: few characters, but too long for one cue (2.5 s a word: at most two words fit in 7 s)
        Segment slow = segment(0, 20, "one two three four five six seven eight");
        List<SubtitleCues.Cue> slowCues = SubtitleCues.of(List.of(slow));
        assertEquals(4, slowCues.size());
        assertWithinLimits(slowCues, slow);
    }

    @Test
    void breaksFallAfterSentencesAndClausesWhereTheCuesStillFit() {
        Segment s = segment(0, 10, "We met at the old station early in the morning. The train was late so we "
                + "walked to the harbour and had coffee.");
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        assertWithinLimits(cues, s);
        assertEquals(2, cues.size());
        assertTrue(cues.get(0).text().endsWith("morning."), "the first cue ends with its sentence: " + cues.get(0).text());
        assertEquals(List.of("The train was late,", "so we walked to the old harbour"), SubtitleCues.wrap(
                "The train was late, so we walked to the old harbour"), "two lines break after the comma");
        Segment plain = segment(0, 10, "we met at the old station early in the morning the train was late so we "
                + "walked to the harbour and had coffee");
        List<SubtitleCues.Cue> balanced = SubtitleCues.of(List.of(plain));
        assertWithinLimits(balanced, plain);
        assertTrue(Math.abs(balanced.get(0).text().length() - balanced.get(1).text().length()) < 20,
                "without marks the cues stay balanced");
    }

    @Test
    void cuesShowWhileTheWordsAreSpokenNotThroughThePausesAround() {
        // a segment reaches from the end of the one before to the start of the next: here 3 s of pause, 2 s of
        // speech, 7 s of pause (the recording goes on); the words' stamps come ~0.25 s late
        List<Word> ws = List.of(new Word("call", 3.0, 3.4, 0.9), new Word("me", 3.4, 3.6, 0.9),
                new Word("back", 3.6, 5.0, 0.9));
        Segment s = new Segment(0, 0, 12, "call me back", ws, List.of(), 0.9);
        List<SubtitleCues.Cue> cues = SubtitleCues.of(List.of(s));
        assertEquals(1, cues.size());
        assertEquals(2.5, cues.getFirst().start(), 1e-9, "just before the first word, not at the segment's start");
        assertEquals(5.6, cues.getFirst().end(), 1e-9, "a moment after the last word, not through the pause after it");

        assertEquals(2.5, ws.getFirst().heardFrom(), 1e-9, "playing a word starts as early as its cue");
        assertEquals(0, new Word("hi", 0.2, 0.4, 0.9).heardFrom(), 1e-9, "not before the audio");

        Segment yes = new Segment(1, 12, 13.3, "yes", List.of(new Word("yes", 12.1, 12.2, 0.9)), List.of(), 0.9);
        SubtitleCues.Cue c = SubtitleCues.of(List.of(yes)).getFirst();
        assertEquals(12.0, c.start(), 1e-9, "never before its segment");
        assertEquals(13.0, c.end(), 1e-9, "a short word still shows for the shortest cue");
        Segment tight = new Segment(2, 12, 12.6, "yes", List.of(new Word("yes", 12.1, 12.2, 0.9)), List.of(), 0.9);
        assertEquals(12.6, SubtitleCues.of(List.of(tight)).getFirst().end(), 1e-9, "but not past its segment");

        // a long pause inside a segment no longer makes one cue too long to fit
        List<Word> apart = List.of(new Word("one", 1.0, 1.3, 0.9), new Word("moment", 1.3, 1.9, 0.9),
                new Word("please", 9.0, 9.5, 0.9));
        Segment pause = new Segment(3, 0.5, 10.5, "one moment please", apart, List.of(), 0.9);
        List<SubtitleCues.Cue> two = SubtitleCues.of(List.of(pause));
        assertWithinLimits(two, pause);
        assertEquals(2, two.size(), "split at the pause");
        assertEquals(2.5, two.get(0).end(), 1e-9);
        assertEquals(8.5, two.get(1).start(), 1e-9);
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

    @Test
    void speakersAreNamedWhereTheyChange() {
        var t = new dev.sws.asr.Transcript("x.wav", "m", List.of(segment(0, 2, "hello there"), segment(2, 4, "how are you"),
                segment(4, 6, "fine thanks")), 6, 1);
        List<String> who = List.of("Ann", "Ann", "Bob");
        assertEquals("Ann: hello there\nhow are you\nBob: fine thanks\n", TranscriptExporter.render(t, TranscriptFormat.TXT, who));
        String srt = TranscriptExporter.render(t, TranscriptFormat.SRT, who);
        assertTrue(srt.contains("Ann: hello there") && srt.contains("Bob: fine thanks") && !srt.contains("Ann: how"), srt);
        String json = TranscriptExporter.render(t, TranscriptFormat.JSON, who);
        assertTrue(json.replace(" ", "").contains("\"speaker\":\"Bob\""), json);
        assertEquals(TranscriptExporter.render(t, TranscriptFormat.TXT), TranscriptExporter.render(t, TranscriptFormat.TXT,
                List.of("", "", "")), "no labels: as before");
        assertEquals(t.text(), TranscriptExporter.readJson(json).text(), "the JSON reads back; labels do not enter the text");
    }
}
