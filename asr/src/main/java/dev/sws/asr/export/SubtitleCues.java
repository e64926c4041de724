package dev.sws.asr.export;

import dev.sws.asr.Segment;
import dev.sws.asr.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Subtitle cues from recognised segments, within the common readability limits (Netflix's and the BBC's timed-text
 * guidelines): at most {@link #MAX_LINE} characters per line, {@link #MAX_LINES} lines and {@link #MAX_SECONDS}
 * seconds per cue. A segment within the limits is one cue; a longer one (the recogniser ends a segment only at a
 * pause or after 30 s) is split between words into the fewest cues of balanced length that fit, each break moved to a
 * sentence's (or clause's) end nearby where the cues still fit; a cue's two lines break after a mark likewise, as the
 * guidelines ask. Segments whose words do not match their text (a correction that changed the word count) are split
 * by characters, with times interpolated.
 *
 * <p>A cue shows while its words are spoken, not through the pauses around them (a segment reaches from the end of
 * the one before to the start of the next, so a cue with the segment's times appeared early and stayed up through
 * every silence): it starts {@link #LEAD} before its first word and ends {@link #TAIL} after its last, within its
 * segment, never overlapping its neighbours, and lasts at least {@link #MIN_SECONDS} where the segment leaves room.
 * The word stamps come late ({@link Word#STAMP_LEAD}) and last words end 0.04-0.08 s before the speech's offset (at
 * most 0.58 s, measured): {@code LEAD} and {@code TAIL} cover both.
 */
public final class SubtitleCues {

    public static final int MAX_LINE = 42;
    public static final int MAX_LINES = 2;
    public static final double MAX_SECONDS = 7.0;
    /** How long before its first word's time stamp a cue starts (the stamps come late). */
    public static final double LEAD = Word.STAMP_LEAD;
    /** How long after its last word a cue stays. */
    public static final double TAIL = 0.6;
    /** The shortest cue, where the segment leaves room (5/6 s in Netflix's guidelines). */
    public static final double MIN_SECONDS = 1.0;

    /** One cue: its time span and its text, already wrapped into lines. */
    public record Cue(double start, double end, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }
    }

    private SubtitleCues() {
    }

    public static List<Cue> of(List<Segment> segments) {
        List<Cue> cues = new ArrayList<>();
        for (Segment s : segments) {
            if (!s.isEmpty()) {
                split(s, cues);
            }
        }
        return cues;
    }

    private static void split(Segment s, List<Cue> cues) {
        List<Word> words = s.timedWords();
        for (int k = 1; ; k++) {
            List<List<Word>> parts = balanced(words, k);
            List<Cue> candidate = cues(s, parts);
            if (k >= words.size() || candidate.stream().allMatch(SubtitleCues::fits)) {
                cues.addAll(parts.size() < 2 ? candidate : atSentenceEnds(s, words, parts));
                return;
            }
        }
    }

    /** How far (in words) a cue boundary may move to fall after a mark. */
    static final int SNAP_WORDS = 3;

    /**
     * The balanced cues with each boundary moved, where the cues still fit, to the nearest word within
     * {@value #SNAP_WORDS} that ends a sentence (or, failing that, a clause): a cue then reads as a whole.
     */
    private static List<Cue> atSentenceEnds(Segment s, List<Word> words, List<List<Word>> parts) {
        int[] ends = new int[parts.size() - 1];          // index of the last word of each part but the last
        int at = 0;
        for (int i = 0; i < ends.length; i++) {
            at += parts.get(i).size();
            ends[i] = at - 1;
        }
        for (int i = 0; i < ends.length; i++) {
            int lo = Math.max(i == 0 ? 0 : ends[i - 1] + 1, ends[i] - SNAP_WORDS);
            int hi = Math.min(i == ends.length - 1 ? words.size() - 2 : ends[i + 1] - 1, ends[i] + SNAP_WORDS);
            int best = ends[i];
            int bestRank = rank(words.get(best).text());
            for (int d = 1; d <= SNAP_WORDS; d++) {
                for (int j : new int[]{ends[i] - d, ends[i] + d}) {
                    if (j >= lo && j <= hi && rank(words.get(j).text()) > bestRank) {
                        int[] tried = ends.clone();
                        tried[i] = j;
                        if (cues(s, cut(words, tried)).stream().allMatch(SubtitleCues::fits)) {
                            best = j;
                            bestRank = rank(words.get(j).text());
                        }
                    }
                }
            }
            ends[i] = best;
        }
        return cues(s, cut(words, ends));
    }

    /** 2 after a sentence's end, 1 after a clause's (comma, colon, semicolon), else 0. */
    static int rank(String word) {
        char c = word.isEmpty() ? ' ' : word.charAt(word.length() - 1);
        return c == '.' || c == '?' || c == '!' ? 2 : c == ',' || c == ';' || c == ':' ? 1 : 0;
    }

    private static List<List<Word>> cut(List<Word> words, int[] ends) {
        List<List<Word>> parts = new ArrayList<>();
        int from = 0;
        for (int e : ends) {
            parts.add(words.subList(from, e + 1));
            from = e + 1;
        }
        parts.add(words.subList(from, words.size()));
        return parts;
    }

    /** Cues of the parts, each around its words (see the class comment), in order and within the segment. */
    private static List<Cue> cues(Segment s, List<List<Word>> parts) {
        List<Cue> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            double lo = i == 0 ? s.start() : out.getLast().end();
            double hi = i == parts.size() - 1 ? s.end() : Math.max(lo, parts.get(i + 1).getFirst().start() - LEAD);
            hi = Math.max(lo, Math.min(hi, s.end()));
            double start = clamp(parts.get(i).getFirst().start() - LEAD, lo, hi);
            double end = clamp(parts.get(i).getLast().end() + TAIL, start, hi);
            if (end - start < MIN_SECONDS) {
                end = Math.min(hi, start + MIN_SECONDS);
            }
            out.add(new Cue(start, end, wrap(text(parts.get(i)))));
        }
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static boolean fits(Cue c) {
        return c.end() - c.start() <= MAX_SECONDS + 1e-9 && c.lines().size() <= MAX_LINES
                && c.lines().stream().allMatch(l -> l.length() <= MAX_LINE);
    }

    /** {@code words} in {@code k} consecutive parts of about equal character length (none empty). */
    static List<List<Word>> balanced(List<Word> words, int k) {
        int total = text(words).length();
        List<List<Word>> parts = new ArrayList<>();
        List<Word> cur = new ArrayList<>();
        int done = 0;
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            int mid = done + w.text().length() / 2;   // a word goes to the part its middle falls in
            int part = Math.min(k - 1, (int) ((long) mid * k / Math.max(1, total)));
            int left = words.size() - i;                // keep enough words for the parts still to come
            boolean mustBreak = k - parts.size() - 1 >= left;
            if (!cur.isEmpty() && (part > parts.size() || mustBreak) && parts.size() < k - 1) {
                parts.add(cur);
                cur = new ArrayList<>();
            }
            cur.add(w);
            done += w.text().length() + 1;
        }
        parts.add(cur);
        return parts;
    }

    private static String text(List<Word> words) {
        StringBuilder sb = new StringBuilder();
        for (Word w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.text());
        }
        return sb.toString();
    }

    /**
     * One line when it fits, else two lines broken at the space nearest the middle — or, where both lines still fit,
     * after a sentence's end or else a clause's end near it (a longer text stays two lines).
     */
    static List<String> wrap(String text) {
        if (text.length() <= MAX_LINE) {
            return List.of(text);
        }
        int mid = text.length() / 2;
        int best = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) {
                best = i;
            }
        }
        if (best < 0) {
            return List.of(text);
        }
        int bestRank = rank(text.substring(0, best));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && i <= MAX_LINE && text.length() - i - 1 <= MAX_LINE) {
                int r = rank(text.substring(0, i));
                if (r > bestRank || (r == bestRank && r > 0 && Math.abs(i - mid) < Math.abs(best - mid))) {
                    best = i;
                    bestRank = r;
                }
            }
        }
        return List.of(text.substring(0, best), text.substring(best + 1));
    }
}
