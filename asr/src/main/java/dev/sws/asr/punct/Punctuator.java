package dev.sws.asr.punct;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.asr.mlm.WordPiece;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.Int8Compute;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Punctuation and capitals for recogniser text ({@code task: punct}; training/punct): a small bidirectional
 * transformer over BERT word pieces says, for each spoken word, what follows it (nothing, comma, period, question
 * mark) and how it is written (lower case, Capitalised, ALL CAPITALS).
 * <p>
 * A text is read in chunks of {@value #CHUNK} words, each with up to {@value #LEFT} words before it and
 * {@value #RIGHT} after it as context, between markers that say whether the window starts the text ([CLS]) or not,
 * and whether the text ends after it ([SEP]) or may go on (a live segment). Words are the recogniser's (lower case,
 * numbers spelled out); text that already carries punctuation is read through {@link #plain} first, so punctuating
 * twice gives the same result. Word times are kept: each word keeps its time and takes its written form.
 * <p>
 * Thread-safe: ONNX Runtime runs one session from several threads, and nothing else is kept between calls; the owner
 * closes it.
 */
public final class Punctuator implements AutoCloseable {
    /** The model task in {@code manifest.json}. */
    public static final String TASK = "punct";
    static final int CHUNK = 40;
    static final int LEFT = 20;
    static final int RIGHT = 10;
    /** Pieces read of one word (longer words are rare and their first pieces decide). */
    private static final int MAX_WORD_PIECES = 8;
    private static final int CONT_LEFT = 1;      // [unused0]: the window starts inside a text
    private static final int CONT_RIGHT = 2;     // [unused1]: the text goes on, or may

    /** What follows a word. */
    public enum Mark {
        NONE(""), COMMA(","), PERIOD("."), QUESTION("?");

        private final String text;

        Mark(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** How a word is written. */
    public enum Casing { LOWER, CAPITALISED, UPPER }

    /** One word's label. */
    public record Label(Mark mark, Casing casing) {}

    private final OwnedSession session;
    private final WordPiece vocab;

    private Punctuator(OwnedSession session, WordPiece vocab) {
        this.session = session;
        this.vocab = vocab;
    }

    /** Loads {@code model.onnx} and {@code vocab.txt} from {@code folder}. */
    public static Punctuator load(Path folder, InferenceRuntime runtime, Device device, int threads) throws IOException {
        WordPiece v = WordPiece.load(folder.resolve("vocab.txt"));
        OwnedSession s = runtime.open(folder.resolve("model.onnx"), device, threads, Int8Compute.MANY_ROWS);
        if (!s.inputNames().equals(List.of("ids")) || !s.outputNames().equals(List.of("punct", "case"))) {
            s.close();
            throw new ModelContractException(folder + "/model.onnx is not a punctuation model of this workstation (inputs "
                    + s.inputNames() + ", outputs " + s.outputNames() + ")");
        }
        return new Punctuator(s, v);
    }

    /**
     * The labels of {@code words} (recogniser words: lower case, no punctuation), read after {@code context} (the words
     * before them, e.g. the previous segments'; may be empty). {@code ended}: the text ends after the last word (a
     * file), rather than possibly going on (a live segment).
     */
    public List<Label> label(List<String> context, List<String> words, boolean ended) {
        int skip = Math.min(context.size(), LEFT);
        List<String> all = new ArrayList<>(context.subList(context.size() - skip, context.size()));
        all.addAll(words);
        boolean startsText = skip == context.size();
        int[][] pieces = new int[all.size()][];
        for (int i = 0; i < pieces.length; i++) {
            int[] p = vocab.encode(all.get(i));
            pieces[i] = p.length == 0 ? new int[]{vocab.id("[UNK]")}
                    : p.length > MAX_WORD_PIECES ? java.util.Arrays.copyOf(p, MAX_WORD_PIECES) : p;
        }
        List<Label> out = new ArrayList<>(words.size());
        int n = all.size();
        for (int c0 = skip; c0 < n; c0 += CHUNK) {
            int c1 = Math.min(n, c0 + CHUNK);
            int x0 = Math.max(0, c0 - LEFT);
            int x1 = Math.min(n, c1 + RIGHT);
            List<Long> ids = new ArrayList<>();
            ids.add((long) (x0 == 0 && startsText ? vocab.cls() : CONT_LEFT));
            int[] first = new int[x1 - x0];
            for (int w = x0; w < x1; w++) {
                first[w - x0] = ids.size();
                for (int p : pieces[w]) {
                    ids.add((long) p);
                }
            }
            ids.add((long) (x1 == n && ended ? vocab.sep() : CONT_RIGHT));
            float[][][] logits = run(ids);
            for (int w = c0; w < c1; w++) {
                int k = first[w - x0];
                out.add(new Label(Mark.values()[argmax(logits[0][k])], Casing.values()[argmax(logits[1][k])]));
            }
        }
        return out;
    }

    private float[][][] run(List<Long> ids) {
        long[] a = ids.stream().mapToLong(Long::longValue).toArray();
        try (OnnxTensor t = OnnxTensor.createTensor(session.env(), LongBuffer.wrap(a), new long[]{1, a.length});
             OrtSession.Result r = session.run(Map.of("ids", t))) {
            float[][] p = ((float[][][]) r.get(0).getValue())[0];
            float[][] c = ((float[][][]) r.get(1).getValue())[0];
            return new float[][][]{p, c};
        } catch (OrtException e) {
            throw new IllegalStateException("the punctuation model failed: " + e.getMessage(), e);
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code word} written as {@code label} says, with its mark. */
    public static String write(String word, Label label) {
        String w = switch (label.casing()) {
            case LOWER -> word;
            case CAPITALISED -> word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
            case UPPER -> word.toUpperCase(Locale.ROOT);
        };
        return w + label.mark().text();
    }

    /**
     * Recogniser words again: lower case, without the marks this class writes (apostrophes inside words stay). The
     * inverse of punctuating.
     */
    public static String plain(String text) {
        StringBuilder b = new StringBuilder();
        for (String t : text.strip().split("\\s+")) {
            String w = t.toLowerCase(Locale.ROOT).replaceAll("^[\"'(\\[]+|[\"')\\].,;:?!]+$", "");
            if (!w.isEmpty()) {
                b.append(b.isEmpty() ? "" : " ").append(w);
            }
        }
        return b.toString();
    }

    /**
     * {@code corrected} (recogniser words) written as {@code written} was: each word aligned with a word of
     * {@code written} ({@link dev.sws.asr.correction.WordDiff#align}, a replacement taking the place of the word it
     * replaces) takes that word's case; the mark after an original word stays after what now stands in its place
     * (after the words added there, before the next original word; a removed word's mark moves back to the word
     * before it); added words are lower case. So a correction keeps the punctuation around it.
     */
    public static String carry(String written, String corrected) {
        String[] a = dev.sws.asr.correction.WordDiff.words(written);
        String[] plainA = new String[a.length];
        for (int i = 0; i < a.length; i++) {
            plainA[i] = plain(a[i]);
        }
        String[] b = dev.sws.asr.correction.WordDiff.words(corrected);
        String[] plainB = new String[b.length];
        for (int j = 0; j < b.length; j++) {
            plainB[j] = plain(b[j]);
        }
        List<String> out = new ArrayList<>();
        List<dev.sws.asr.correction.WordDiff.Kind> steps = dev.sws.asr.correction.WordDiff.align(plainA, plainB, false);
        String pending = "";
        int i = 0;
        int j = 0;
        for (int k = 0; k < steps.size(); k++) {
            var step = steps.get(k);
            if (step == dev.sws.asr.correction.WordDiff.Kind.ADDED) {
                out.add(b[j++]);
                continue;
            }
            attach(out, pending);                  // an original word comes: the mark before it is placed
            boolean replaced = step == dev.sws.asr.correction.WordDiff.Kind.REMOVED && k + 1 < steps.size()
                    && steps.get(k + 1) == dev.sws.asr.correction.WordDiff.Kind.ADDED;
            if (step == dev.sws.asr.correction.WordDiff.Kind.SAME || replaced) {
                out.add(restyle(a[i], plainB[j++]));
                k += replaced ? 1 : 0;
            }
            pending = markOf(a[i++]);
        }
        attach(out, pending);
        return String.join(" ", out);
    }

    private static void attach(List<String> out, String mark) {
        if (!mark.isEmpty() && !out.isEmpty() && markOf(out.getLast()).isEmpty()) {
            out.set(out.size() - 1, out.getLast() + mark);
        }
    }

    private static String markOf(String written) {
        return written.replaceAll("^.*?([.,;:?!]*)$", "$1");
    }

    /** {@code word} with the case of {@code like}. */
    private static String restyle(String like, String word) {
        String letters = like.replaceAll("[^\\p{L}]", "");
        Casing c = letters.length() > 1 && letters.equals(letters.toUpperCase(Locale.ROOT)) ? Casing.UPPER
                : !letters.isEmpty() && Character.isUpperCase(letters.charAt(0)) ? Casing.CAPITALISED : Casing.LOWER;
        return write(word, new Label(Mark.NONE, c));
    }

    /** The whole transcript punctuated as one text (segments read across their boundaries). */
    public Transcript punctuate(Transcript t) {
        List<List<String>> words = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Segment s : t.segments()) {
            List<String> w = words(s.text());
            words.add(w);
            all.addAll(w);
        }
        List<Label> labels = label(List.of(), all, true);
        List<Segment> out = new ArrayList<>(t.segments().size());
        int at = 0;
        for (int i = 0; i < t.segments().size(); i++) {
            int n = words.get(i).size();
            out.add(apply(t.segments().get(i), words.get(i), labels.subList(at, at + n)));
            at += n;
        }
        return t.withSegments(out);
    }

    /**
     * One segment punctuated after the text before it ({@code previous}, e.g. the live transcript so far, already
     * punctuated or not), as when it has just been finalised and nothing after it is known.
     */
    public Segment punctuate(Segment s, List<Segment> previous) {
        List<String> context = new ArrayList<>();   // the last words before it (one more than is read: is it the start?)
        for (int i = previous.size() - 1; i >= 0 && context.size() <= LEFT; i--) {
            context.addAll(0, words(previous.get(i).text()));
        }
        List<String> w = words(s.text());
        return apply(s, w, label(context, w, false));
    }

    private static List<String> words(String text) {
        String p = plain(text);
        return p.isEmpty() ? List.of() : List.of(p.split(" "));
    }

    /** The segment with its words written as labelled; word times kept when its words spell its text. */
    private static Segment apply(Segment s, List<String> words, List<Label> labels) {
        if (words.isEmpty()) {
            return s;
        }
        List<String> written = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            written.add(write(words.get(i), labels.get(i)));
        }
        List<Word> timed = new ArrayList<>();
        if (s.words().size() == words.size()) {
            for (int i = 0; i < words.size(); i++) {
                Word w = s.words().get(i);
                if (!plain(w.text()).equals(words.get(i))) {
                    timed = List.of();
                    break;
                }
                timed.add(new Word(written.get(i), w.start(), w.end(), w.confidence()));
            }
        }
        return s.withText(String.join(" ", written), timed.isEmpty() ? s.words() : timed);
    }

    @Override
    public void close() {
        session.close();
    }
}
