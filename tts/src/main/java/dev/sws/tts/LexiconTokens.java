package dev.sws.tts;

import dev.sws.core.model.ModelContractException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The text front end of a phoneme-input TTS model: a word found in the pronouncing dictionary becomes its phones, any
 * other word its letters, a space stays a space; the same rule as {@code training/tts/tts_model.py:encode_text}
 * (checked by the golden token cases the export writes). The dictionary ({@code "word PH PH ..."} per line, plain or
 * gzip; the CMU dictionary as Debian's pocketsphinx-en-us ships it) is held as sorted words and one pool of phone ids:
 * about 7 MB for the 124 804 words the house model ships (the raw file has 134 723 lines with alternates) instead of
 * a map of arrays.
 */
public final class LexiconTokens implements TextEncoder {

    private final CharTokens tokens;
    private final String[] words;
    private final int[] start;
    private final short[] phones;

    private LexiconTokens(CharTokens tokens, String[] words, int[] start, short[] phones) {
        this.tokens = tokens;
        this.words = words;
        this.start = start;
        this.phones = phones;
    }

    /** Reads the dictionary; every phone it uses must be a symbol of the model's {@code tokens.txt}. */
    public static LexiconTokens read(Path file, CharTokens tokens) {
        record Entry(String word, int[] ids) {
        }
        List<Entry> entries = new ArrayList<>();
        int total = 0;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                if (parts.length < 2) {
                    throw new ModelContractException(file + " line " + n + ": \"" + line + "\" is not \"word PHONE ...\".");
                }
                int[] ids = new int[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    ids[i - 1] = tokens.symbol(parts[i]);
                    if (ids[i - 1] < 0) {
                        throw new ModelContractException(file + " line " + n + ": the phone " + parts[i]
                                + " is not in the model's tokens.txt.");
                    }
                }
                entries.add(new Entry(parts[0], ids));
                total += ids.length;
            }
        } catch (IOException e) {
            throw new ModelContractException(file + " (the model's pronouncing dictionary) is missing or unreadable: "
                    + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new ModelContractException(file + " (the model's pronouncing dictionary) is empty.");
        }
        entries.sort(Comparator.comparing(Entry::word));
        String[] words = new String[entries.size()];
        int[] start = new int[entries.size() + 1];
        short[] phones = new short[total];
        int k = 0;
        int w = 0;
        for (Entry e : entries) {
            if (w > 0 && words[w - 1].equals(e.word())) {
                continue;   // a repeated word keeps its first pronunciation (the sort is stable)
            }
            words[w] = e.word();
            start[w] = k;
            for (int id : e.ids()) {
                phones[k++] = (short) id;
            }
            w++;
        }
        start[w] = k;
        return new LexiconTokens(tokens, Arrays.copyOf(words, w), Arrays.copyOf(start, w + 1), phones);
    }

    /** Words in the dictionary. */
    public int size() {
        return words.length;
    }

    /** The phone ids of a word, or null when the dictionary lacks it. */
    public int[] pronounce(String word) {
        int i = Arrays.binarySearch(words, word);
        if (i < 0) {
            return null;
        }
        int[] out = new int[start[i + 1] - start[i]];
        for (int j = 0; j < out.length; j++) {
            out[j] = phones[start[i] + j];
        }
        return out;
    }

    @Override
    public int[] encode(String text) {
        int[] out = new int[Math.max(16, text.length() * 2)];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            int[] piece;
            if (text.charAt(i) == ' ') {
                piece = tokens.encode(" ");
                i++;
            } else {
                int end = text.indexOf(' ', i);
                end = end < 0 ? text.length() : end;
                String word = text.substring(i, end);
                piece = pronounce(word);
                if (piece == null) {   // letters; capitals are not letters here (they would hit one-letter phones: B, D)
                    piece = tokens.encode(word.codePoints().filter(c -> !Character.isUpperCase(c))
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
                }
                i = end;
            }
            if (n + piece.length > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + piece.length));
            }
            System.arraycopy(piece, 0, out, n, piece.length);
            n += piece.length;
        }
        return Arrays.copyOf(out, n);
    }
}
