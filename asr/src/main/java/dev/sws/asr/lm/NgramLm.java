package dev.sws.asr.lm;

import dev.sws.core.model.ModelContractException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A back-off word n-gram language model read from the ARPA format (what KenLM's {@code lmplz}, SRILM and
 * training/corrector/build_ngram.py write; plain or gzip), orders 1 to 3. Scores are natural-log probabilities of a
 * sentence with {@code <s>} and {@code </s>} around it; a word outside the vocabulary scores as {@code <unk>} (or
 * {@link #UNK_LOG10} when the file has none). Immutable and thread-safe once loaded; plain Java memory, nothing to close.
 */
public final class NgramLm {
    /** log10 probability of an unknown word when the model has no {@code <unk>} entry (a closed-vocabulary model). */
    public static final double UNK_LOG10 = -10;
    static final int MAX_ORDER = 3;
    private static final int BITS = 21;   // word ids packed into one long key: 3 × 21 bits
    private static final double LN10 = Math.log(10);

    private final Map<String, Integer> ids;
    private final int order;
    private final Table table;
    private final int unk;

    private NgramLm(Map<String, Integer> ids, int order, Table table) {
        this.ids = ids;
        this.order = order;
        this.table = table;
        this.unk = ids.getOrDefault("<unk>", -1);
    }

    public int order() {
        return order;
    }

    public int vocabularySize() {
        return ids.size();
    }

    public int size() {
        return table.size;
    }

    /** Natural-log probability of {@code text} (words separated by spaces) as one sentence. */
    public double logProb(String text) {
        String[] words = text.isBlank() ? new String[0] : text.trim().split(" +");
        int[] w = new int[words.length + 2];
        w[0] = id("<s>");
        for (int i = 0; i < words.length; i++) {
            w[i + 1] = id(words[i]);
        }
        w[w.length - 1] = id("</s>");
        double log10 = 0;
        for (int i = 1; i < w.length; i++) {
            log10 += wordLog10(w, Math.max(0, i - order + 1), i);
        }
        return log10 * LN10;
    }

    private int id(String word) {
        return ids.getOrDefault(word, unk);
    }

    /** True when {@code word} is in the vocabulary (not only as {@code <unk>}). */
    public boolean knows(String word) {
        return ids.containsKey(word) && !word.equals("<unk>");
    }

    /** The id of {@code word}: the {@code <unk>} id for a word outside the vocabulary (-1 in a model without one). */
    public int wordId(String word) {
        return id(word);
    }

    /** The id of the sentence start {@code <s>}. */
    public int sentenceStart() {
        return id("<s>");
    }

    /** The id of the sentence end {@code </s>}. */
    public int sentenceEnd() {
        return id("</s>");
    }

    /**
     * Natural-log probability of {@code word} after {@code prev1}, and {@code prev2} before it; {@code prev2} =
     * {@link Integer#MIN_VALUE} when {@code prev1} is the sentence start (no earlier word). Ids from {@link #wordId}.
     */
    public double next(int prev2, int prev1, int word) {
        int[] w = prev2 == Integer.MIN_VALUE ? new int[]{prev1, word} : new int[]{prev2, prev1, word};
        return wordLog10(w, Math.max(0, w.length - order), w.length - 1) * LN10;
    }

    /**
     * log10 P(w[to] | w[from..to-1]) with ARPA back-off. Unknown words carry the {@code <unk>} id, or -1 in a model
     * without one: such a word scores {@link #UNK_LOG10}, and n-grams with it in their history are skipped.
     */
    private double wordLog10(int[] w, int from, int to) {
        if (w[to] < 0) {
            return UNK_LOG10;
        }
        double back = 0;
        for (int s = from; s <= to; s++) {
            if (hasUnknown(w, s, to)) {
                continue;   // no n-gram with an unknown word in its history exists; its back-off weight is 0
            }
            long k = key(w, s, to + 1);
            int slot = table.find(k);
            if (slot >= 0) {
                return back + table.probs[slot];
            }
            if (s < to) {
                int h = table.find(key(w, s, to));
                back += h >= 0 ? table.bows[h] : 0;
            }
        }
        return back + UNK_LOG10;   // unreachable for a well-formed file: every word has a unigram
    }

    private static boolean hasUnknown(int[] w, int from, int to) {
        for (int i = from; i < to; i++) {
            if (w[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /** Words w[from..to-1] packed as (id + 1) per 21 bits, so that n-grams of different orders never collide. */
    private static long key(int[] w, int from, int to) {
        long k = 0;
        for (int i = from; i < to; i++) {
            k = (k << BITS) | (w[i] + 1L);
        }
        return k;
    }

    public static NgramLm load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelContractException(file + ": n-gram LM file not found");
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            return parse(r, file.toString());
        }
    }

    /** Reads an ARPA n-gram from {@code r}; {@code name} names it in errors. */
    public static NgramLm parse(BufferedReader r, String name) throws IOException {
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null && !line.trim().equals("\\data\\")) {
            lineNo++;
        }
        if (line == null) {
            throw new ModelContractException(name + ": not an ARPA file (no \\data\\ header)");
        }
        int[] counts = new int[MAX_ORDER + 2];
        int order = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String t = line.trim();
            if (t.isEmpty()) {
                if (order > 0) {
                    break;
                }
                continue;
            }
            if (!t.startsWith("ngram ")) {
                break;
            }
            String[] kv = t.substring(6).split("=");
            int k = Integer.parseInt(kv[0].trim());
            if (k < 1 || k > MAX_ORDER) {
                throw new ModelContractException(name + ": order " + k + " n-grams are not supported (orders 1 to "
                        + MAX_ORDER + "; prune the model to a trigram, e.g. KenLM lmplz -o 3)");
            }
            counts[k] = Integer.parseInt(kv[1].trim());
            order = Math.max(order, k);
        }
        if (order == 0 || counts[1] == 0) {
            throw new ModelContractException(name + ": ARPA header lists no unigrams");
        }
        long total = 0;
        for (int k = 1; k <= order; k++) {
            total += counts[k];
        }
        if (total > Integer.MAX_VALUE / 4) {
            throw new ModelContractException(name + ": " + total + " n-grams is more than this reader holds");
        }
        Map<String, Integer> ids = new HashMap<>(counts[1] * 2);
        Table table = new Table((int) total);
        int[] w = new int[MAX_ORDER];
        for (int k = 1; k <= order; k++) {
            while (line != null && !line.trim().equals("\\" + k + "-grams:")) {
                line = r.readLine();
                lineNo++;
            }
            if (line == null) {
                throw new ModelContractException(name + ": missing \\" + k + "-grams: section");
            }
            for (int n = 0; n < counts[k]; n++) {
                line = r.readLine();
                lineNo++;
                if (line == null) {
                    throw new ModelContractException(name + ": ends inside the " + k + "-grams (" + n + " of " + counts[k] + ")");
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != k + 1 && f.length != k + 2) {
                    throw new ModelContractException(name + ":" + lineNo + ": expected a " + k + "-gram line, got \"" + line + "\"");
                }
                float prob;
                float bow;
                try {
                    prob = Float.parseFloat(f[0]);
                    bow = f.length == k + 2 ? Float.parseFloat(f[k + 1]) : 0f;
                } catch (NumberFormatException e) {
                    throw new ModelContractException(name + ":" + lineNo + ": bad number in \"" + line + "\"");
                }
                for (int i = 0; i < k; i++) {
                    Integer id = ids.get(f[i + 1]);
                    if (id == null) {
                        if (k > 1) {
                            throw new ModelContractException(name + ":" + lineNo + ": word \"" + f[i + 1]
                                    + "\" is not among the unigrams");
                        }
                        if (ids.size() >= (1 << BITS) - 1) {
                            throw new ModelContractException(name + ": more than " + ((1 << BITS) - 2) + " words");
                        }
                        id = ids.size();
                        ids.put(f[i + 1], id);
                    }
                    w[i] = id;
                }
                table.put(key(w, 0, k), prob, bow);
            }
            line = r.readLine();
            lineNo++;
        }
        return new NgramLm(Map.copyOf(ids), order, table);
    }

    /** Open addressing from packed n-gram keys to (log10 prob, log10 back-off). */
    private static final class Table {
        final long[] keys;
        final float[] probs;
        final float[] bows;
        final int mask;
        int size;

        Table(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            probs = new float[cap];
            bows = new float[cap];
            mask = cap - 1;
        }

        private int slot(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        void put(long k, float p, float b) {
            int s = slot(k);
            while (keys[s] != 0 && keys[s] != k) {
                s = (s + 1) & mask;
            }
            if (keys[s] == 0) {
                size++;
            }
            keys[s] = k;
            probs[s] = p;
            bows[s] = b;
        }

        int find(long k) {
            int s = slot(k);
            while (keys[s] != 0) {
                if (keys[s] == k) {
                    return s;
                }
                s = (s + 1) & mask;
            }
            return -1;
        }
    }
}
