package dev.sws.workstation.document;

import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.asr.correction.WordDiff;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript the user works on: the recognised segments of one audio file, the user's edits with undo and redo, a
 * speaker label per segment, and a revision counter that tells the store when there is something to save.
 *
 * <p>Every change is one step that {@link #undo()} takes back whole. Word timings survive an edit wherever a word
 * survives it: the old and new words of a segment are aligned, kept words keep their times, a replaced run of words
 * shares the time of the run it replaces, and a word typed between two others starts and ends where the gap is. Words
 * the user typed get confidence 1 (a person checked them), so they are no longer marked as doubtful. Not thread-safe:
 * the GUI uses it on the FX thread, the CLI and tests on one thread.
 */
public final class TranscriptDocument {

    /** Undo steps kept; older ones are forgotten. */
    public static final int UNDO_LIMIT = 500;

    /** One state of the text: the segments (indices 0..n-1) and the speaker label of each ("" = none). */
    public record Content(List<Segment> segments, List<String> speakers) {
        public Content {
            segments = List.copyOf(segments);
            speakers = List.copyOf(speakers);
            if (segments.size() != speakers.size()) {
                throw new IllegalArgumentException("one speaker label per segment");
            }
        }
    }

    /** A match of {@link #find}: words {@code from} (inclusive) to {@code to} (exclusive) of segment {@code segment}. */
    public record Match(int segment, int from, int to) {}

    private final Path audio;
    private final Transcript recognised;
    private Content content;
    private final Deque<Content> undo = new ArrayDeque<>();
    private final Deque<Content> redo = new ArrayDeque<>();
    private long revision;
    private final List<Runnable> listeners = new ArrayList<>();

    /**
     * @param audio      the audio file the transcript belongs to (null for none, e.g. a transcript without its audio)
     * @param recognised the transcript as recognised (source, model, duration) — its segments are the starting text
     * @param speakers   a label per segment, or an empty list for none
     */
    public TranscriptDocument(Path audio, Transcript recognised, List<String> speakers) {
        this.audio = audio == null ? null : audio.toAbsolutePath().normalize();
        this.recognised = Objects.requireNonNull(recognised, "recognised");
        List<String> sp = speakers.isEmpty() ? Collections.nCopies(recognised.segments().size(), "") : speakers;
        this.content = new Content(renumber(recognised.segments()), sp);
    }

    public TranscriptDocument(Path audio, Transcript recognised) {
        this(audio, recognised, List.of());
    }

    public Path audio() {
        return audio;
    }

    public List<Segment> segments() {
        return content.segments();
    }

    public List<String> speakers() {
        return content.speakers();
    }

    public Content content() {
        return content;
    }

    /** The transcript with the user's edits (what exports write). */
    public Transcript transcript() {
        return recognised.withSegments(content.segments());
    }

    /** Counts changes (edits, undo and redo each add one): the store saves when it differs from what it saved. */
    public long revision() {
        return revision;
    }

    /** Runs {@code r} after every change (edit, undo, redo). */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public boolean undo() {
        return step(undo, redo);
    }

    public boolean redo() {
        return step(redo, undo);
    }

    private boolean step(Deque<Content> from, Deque<Content> to) {
        if (from.isEmpty()) {
            return false;
        }
        to.push(content);
        content = from.pop();
        changed();
        return true;
    }

    /**
     * Replaces the text of segment {@code i} with {@code text} as typed (case and punctuation kept). A blank text
     * removes the segment. Returns whether anything changed.
     */
    public boolean editText(int i, String text) {
        Segment s = segment(i);
        String clean = String.join(" ", WordDiff.words(text));
        if (clean.equals(s.text())) {
            return false;
        }
        List<Segment> segs = new ArrayList<>(segments());
        List<String> sp = new ArrayList<>(speakers());
        if (clean.isEmpty()) {
            segs.remove(i);
            sp.remove(i);
        } else {
            segs.set(i, retime(s, clean));
        }
        apply(new Content(renumber(segs), sp));
        return true;
    }

    /** Puts {@code replacement} (e.g. an accepted correction of this segment) in place of segment {@code i}. */
    public void replace(int i, Segment replacement) {
        segment(i);
        List<Segment> segs = new ArrayList<>(segments());
        segs.set(i, replacement);
        apply(new Content(renumber(segs), speakers()));
    }

    /**
     * Splits segment {@code i} before its word {@code word} (1 .. words-1): the first part ends where that word's
     * predecessor ends, the second starts there. N-best lists are dropped (they belonged to the whole).
     */
    public void split(int i, int word) {
        Segment s = segment(i);
        String[] w = WordDiff.words(s.text());
        if (word <= 0 || word >= w.length) {
            throw new IllegalArgumentException("A segment is split between two of its words.");
        }
        List<Word> words = s.timedWords();
        double cut = words.get(word - 1).end();
        Segment a = new Segment(0, s.start(), cut, join(w, 0, word), words.subList(0, word), List.of(), s.confidence());
        Segment b = new Segment(0, cut, s.end(), join(w, word, w.length), words.subList(word, w.length), List.of(), s.confidence());
        List<Segment> segs = new ArrayList<>(segments());
        List<String> sp = new ArrayList<>(speakers());
        segs.set(i, a);
        segs.add(i + 1, b);
        sp.add(i + 1, sp.get(i));
        apply(new Content(renumber(segs), sp));
    }

    /** Joins segment {@code i} and the one after it (the first one's speaker stays). */
    public void mergeWithNext(int i) {
        Segment a = segment(i);
        Segment b = segment(i + 1);
        List<Word> words = new ArrayList<>(a.timedWords());
        words.addAll(b.timedWords());
        Segment m = new Segment(0, a.start(), b.end(), (a.text() + " " + b.text()).strip(), words, List.of(),
                Math.min(a.confidence(), b.confidence()));
        List<Segment> segs = new ArrayList<>(segments());
        List<String> sp = new ArrayList<>(speakers());
        segs.set(i, m);
        segs.remove(i + 1);
        sp.remove(i + 1);
        apply(new Content(renumber(segs), sp));
    }

    /** Labels segment {@code i} with {@code speaker} (blank for none). */
    public void setSpeaker(int i, String speaker) {
        segment(i);
        String sp = speaker == null ? "" : speaker.strip();
        if (sp.equals(speakers().get(i))) {
            return;
        }
        List<String> all = new ArrayList<>(speakers());
        all.set(i, sp);
        apply(new Content(segments(), all));
    }

    /**
     * Puts {@code labels} (one per segment, e.g. found by voice) in place of every speaker label, as one undo step;
     * returns whether anything changed.
     */
    public boolean setSpeakers(List<String> labels) {
        if (labels.size() != segments().size()) {
            throw new IllegalArgumentException("one speaker label per segment");
        }
        List<String> all = labels.stream().map(x -> x == null ? "" : x.strip()).toList();
        if (all.equals(speakers())) {
            return false;
        }
        apply(new Content(segments(), all));
        return true;
    }

    /** Renames every segment labelled {@code from} to {@code to}, as one step; returns how many. */
    public int renameSpeaker(String from, String to) {
        List<String> all = new ArrayList<>(speakers());
        int n = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).equals(from)) {
                all.set(i, to.strip());
                n++;
            }
        }
        if (n > 0 && !from.equals(to.strip())) {
            apply(new Content(segments(), all));
        }
        return n;
    }

    /** Every occurrence of {@code query} (one or more words) in segment order. */
    public List<Match> find(String query, boolean matchCase, boolean wholeWords) {
        List<Match> out = new ArrayList<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        Pattern p = pattern(query, matchCase, wholeWords);
        for (int i = 0; i < segments().size(); i++) {
            String text = segments().get(i).text();
            Matcher m = p.matcher(text);
            while (m.find()) {
                out.add(new Match(i, wordAt(text, m.start()), wordAt(text, Math.max(m.start(), m.end() - 1)) + 1));
            }
        }
        return out;
    }

    /** Replaces every occurrence of {@code query} by {@code replacement}, as one undo step; returns how many. */
    public int replaceAll(String query, String replacement, boolean matchCase, boolean wholeWords) {
        if (query == null || query.isBlank()) {
            return 0;
        }
        Pattern p = pattern(query, matchCase, wholeWords);
        List<Segment> segs = new ArrayList<>(segments());
        List<String> sp = new ArrayList<>(speakers());
        int n = 0;
        for (int i = segs.size() - 1; i >= 0; i--) {
            Segment s = segs.get(i);
            int[] count = {0};
            String replaced = p.matcher(s.text()).replaceAll(r -> {   // counts while it replaces: one scan
                count[0]++;
                return Matcher.quoteReplacement(replacement);
            });
            if (count[0] == 0) {
                continue;
            }
            n += count[0];
            String text = String.join(" ", WordDiff.words(replaced));
            if (text.isEmpty()) {
                segs.remove(i);
                sp.remove(i);
            } else {
                segs.set(i, retime(s, text));
            }
        }
        if (n > 0) {
            apply(new Content(renumber(segs), sp));
        }
        return n;
    }

    /** The segment and word playing at {@code seconds}, or null between words: for follow-along highlighting. */
    public Match wordAt(double seconds) {
        List<Segment> segs = segments();
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            if (seconds < s.start() || seconds > s.end()) {
                continue;
            }
            List<Word> ws = s.words();
            for (int k = 0; k < ws.size(); k++) {
                double next = k + 1 < ws.size() ? ws.get(k + 1).heardFrom() : s.end();
                if (seconds >= ws.get(k).heardFrom() && seconds < Math.max(next, ws.get(k).end())) {
                    return new Match(i, k, k + 1);
                }
            }
        }
        return null;
    }

    private static Pattern pattern(String query, boolean matchCase, boolean wholeWords) {
        String q = Pattern.quote(query.strip());
        if (wholeWords) {
            q = "(?<![\\p{L}\\p{N}'])" + q + "(?![\\p{L}\\p{N}'])";
        }
        return Pattern.compile(q, matchCase ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static int wordAt(String text, int charIndex) {
        int w = 0;
        for (int c = 0; c < charIndex && c < text.length(); c++) {
            if (text.charAt(c) == ' ') {
                w++;
            }
        }
        return w;
    }

    private Segment segment(int i) {
        if (i < 0 || i >= segments().size()) {
            throw new IndexOutOfBoundsException("No segment " + i + " (the transcript has " + segments().size() + ").");
        }
        return segments().get(i);
    }

    private void apply(Content next) {
        undo.push(content);
        while (undo.size() > UNDO_LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        content = next;
        changed();
    }

    private void changed() {
        revision++;
        List.copyOf(listeners).forEach(Runnable::run);
    }

    /** {@code s} with {@code text}, its word timings carried over where words survive (see the class comment). */
    static Segment retime(Segment s, String text) {
        String[] a = WordDiff.words(s.text());
        String[] b = WordDiff.words(text);
        List<Word> old = s.timedWords();
        List<Word> out = new ArrayList<>(b.length);
        int i = 0;
        int j = 0;
        List<WordDiff.Kind> ops = WordDiff.align(a, b, true);
        for (int k = 0; k < ops.size(); ) {
            if (ops.get(k) == WordDiff.Kind.SAME) {
                Word w = old.get(i++);
                out.add(b[j].equals(w.text()) ? w : new Word(b[j], w.start(), w.end(), 1.0));
                j++;
                k++;
                continue;
            }
            // a run of removals and additions: the added words share the removed words' time, or the gap's
            int removedFrom = i;
            int addedFrom = j;
            while (k < ops.size() && ops.get(k) != WordDiff.Kind.SAME) {
                if (ops.get(k) == WordDiff.Kind.REMOVED) {
                    i++;
                } else {
                    j++;
                }
                k++;
            }
            double from;
            double to;
            if (i > removedFrom) {
                from = old.get(removedFrom).start();
                to = old.get(i - 1).end();
            } else {
                from = removedFrom > 0 ? old.get(removedFrom - 1).end() : s.start();
                to = removedFrom < old.size() ? old.get(removedFrom).start() : s.end();
                to = Math.max(from, to);
            }
            int added = j - addedFrom;
            for (int n = 0; n < added; n++) {
                out.add(new Word(b[addedFrom + n], from + (to - from) * n / added, from + (to - from) * (n + 1) / added, 1.0));
            }
        }
        return s.withText(text, out);
    }

    private static List<Segment> renumber(List<Segment> segs) {
        List<Segment> out = new ArrayList<>(segs.size());
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            out.add(s.index() == i ? s : new Segment(i, s.start(), s.end(), s.text(), s.words(), s.nbest(), s.confidence()));
        }
        return out;
    }

    private static String join(String[] w, int from, int to) {
        return String.join(" ", java.util.Arrays.copyOfRange(w, from, to));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TranscriptDocument[%s, %d segments, revision %d]", audio, segments().size(), revision);
    }
}
