package dev.sws.asr.mlm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased tokenizer: lowercase, strip accents, split on whitespace and punctuation, then greedy
 * longest-match-first WordPiece against {@code vocab.txt} (one piece per line, the line number is the id;
 * continuations start with {@code ##}). A word that cannot be spelled becomes {@code [UNK]}. Pure Java, immutable.
 */
public final class WordPiece {
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> ids;
    private final String[] pieces;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int mask;
    private final int pad;

    private WordPiece(List<String> vocab) throws IOException {
        pieces = vocab.toArray(String[]::new);
        ids = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < pieces.length; i++) {
            ids.putIfAbsent(pieces[i], i);
        }
        unk = special("[UNK]");
        cls = special("[CLS]");
        sep = special("[SEP]");
        mask = special("[MASK]");
        pad = special("[PAD]");
    }

    private int special(String t) throws IOException {
        Integer i = ids.get(t);
        if (i == null) {
            throw new IOException("the vocabulary has no " + t + " piece");
        }
        return i;
    }

    public static WordPiece load(Path vocab) throws IOException {
        return new WordPiece(Files.readAllLines(vocab, StandardCharsets.UTF_8));
    }

    public int cls() {
        return cls;
    }

    public int sep() {
        return sep;
    }

    public int mask() {
        return mask;
    }

    public int pad() {
        return pad;
    }

    public int size() {
        return pieces.length;
    }

    public String piece(int id) {
        return pieces[id];
    }

    /** The id of a piece, or -1. */
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    /** The pieces of a text, without [CLS]/[SEP]. */
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String word : basicTokens(text)) {
            wordPieces(word, out);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The pieces of each word of {@code words} (already split on spaces), one array per word. */
    public int[][] encodeWords(String[] words) {
        int[][] out = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = encode(words[i]);
        }
        return out;
    }

    /** Lowercased, accent-free words with every punctuation character split off as a word of its own. */
    static List<String> basicTokens(String text) {
        String t = Normalizer.normalize(text.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || c == 0 || c == 0xFFFD || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                flush(cur, out);
            } else if (isPunctuation(c, type)) {
                flush(cur, out);
                out.add(new String(Character.toChars(c)));
            } else {
                cur.appendCodePoint(c);
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (!cur.isEmpty()) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static boolean isPunctuation(int c, int type) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private void wordPieces(String word, List<Integer> out) {
        if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
            out.add(unk);
            return;
        }
        List<Integer> mine = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            int found = -1;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                Integer id = ids.get(sub);
                if (id != null) {
                    found = id;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found < 0) {
                out.add(unk);
                return;
            }
            mine.add(found);
            start = end;
        }
        out.addAll(mine);
    }
}
