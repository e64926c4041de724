package dev.sws.tts;

import dev.sws.core.text.TextNormalizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to speakable chunks: abbreviations and URLs spelled out, numbers to words ({@link TextNormalizer}), emoji and
 * other symbols dropped, then split at sentence ends (and at commas or spaces when a sentence is too long) into
 * chunks of at most {@code maxChars} normalised characters, each synthesised separately and cross-faded.
 */
public final class TtsText {

    private static final Map<Pattern, String> ABBREVIATIONS = new LinkedHashMap<>();
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s]+|\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:com|org|net|io|dev|edu|gov)\\b[^\\s]*");
    private static final Pattern EMAIL = Pattern.compile("\\b([\\w.+-]+)@([\\w-]+(?:\\.[\\w-]+)+)\\b");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+|\\n+");

    static {
        String[][] a = {{"dr", "doctor"}, {"mr", "mister"}, {"mrs", "missus"}, {"ms", "miz"}, {"prof", "professor"},
                {"st", "saint"}, {"vs", "versus"}, {"etc", "et cetera"}, {"e\\.g", "for example"}, {"i\\.e", "that is"},
                {"approx", "approximately"}, {"no", "number"}, {"jan", "january"}, {"feb", "february"},
                {"aug", "august"}, {"sept?", "september"}, {"oct", "october"}, {"nov", "november"}, {"dec", "december"}};
        for (String[] p : a) {
            String lookahead = p[0].equals("no") ? "(?=\\s*\\d)" : "";
            ABBREVIATIONS.put(Pattern.compile("(?i)\\b" + p[0] + "\\." + lookahead), p[1]);
        }
    }

    private TtsText() {
    }

    /** Abbreviations, URLs and e-mail addresses in words; the rest is left for {@link TextNormalizer}. */
    public static String expand(String raw) {
        String t = raw.replace('\u2019', '\'');
        Matcher em = EMAIL.matcher(t);
        t = em.replaceAll(m -> Matcher.quoteReplacement(spellDots(m.group(1)) + " at " + spellDots(m.group(2))));
        Matcher u = URL.matcher(t);
        t = u.replaceAll(m -> {
            String s = m.group().replaceFirst("(?i)^https?://", "").replaceFirst("(?i)^www\\.", "").replaceAll("[.,;:!?)]+$", "");
            return Matcher.quoteReplacement(spellDots(s.replace("/", " slash ")));
        });
        for (Map.Entry<Pattern, String> e : ABBREVIATIONS.entrySet()) {
            t = e.getKey().matcher(t).replaceAll(e.getValue());
        }
        return t;
    }

    private static String spellDots(String s) {
        return s.replace(".", " dot ").replace("-", " dash ").replace("_", " underscore ");
    }

    /** Normalised, speakable chunks of at most {@code maxChars} characters (never empty strings). */
    public static List<String> chunks(String raw, int maxChars) {
        return chunks(raw, maxChars, maxChars);
    }

    /**
     * As {@link #chunks(String, int)}, with a shorter first chunk ({@code firstMax}) so that playback starts sooner:
     * the first sentence is cut at a word boundary and its rest becomes the second chunk.
     */
    public static List<String> chunks(String raw, int maxChars, int firstMax) {
        List<String> all = chunksOf(raw, maxChars);
        if (all.isEmpty() || all.get(0).length() <= firstMax) {
            return all;
        }
        String first = all.get(0);
        int cut = first.lastIndexOf(' ', firstMax);
        if (cut <= 0) {
            return all;
        }
        List<String> out = new ArrayList<>();
        out.add(first.substring(0, cut));
        out.add(first.substring(cut + 1));
        out.addAll(all.subList(1, all.size()));
        return out;
    }

    private static List<String> chunksOf(String raw, int maxChars) {
        List<String> out = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(expand(raw))) {
            String norm = TextNormalizer.normalize(sentence);
            if (norm.isEmpty()) {
                continue;
            }
            split(norm, maxChars, out);
        }
        return merge(out, maxChars);
    }

    private static void split(String norm, int maxChars, List<String> out) {
        if (norm.length() <= maxChars) {
            out.add(norm);
            return;
        }
        int cut = norm.lastIndexOf(' ', maxChars);
        if (cut <= 0) {
            cut = maxChars;   // one enormous "word": split it anyway
        }
        out.add(norm.substring(0, cut).trim());
        split(norm.substring(cut).trim(), maxChars, out);
    }

    /** Joins short neighbours (one-word sentences sound clipped alone) while they fit. */
    private static List<String> merge(List<String> parts, int maxChars) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            int last = out.size() - 1;
            if (last >= 0 && (out.get(last).length() < 24 || p.length() < 12)
                    && out.get(last).length() + 1 + p.length() <= maxChars) {
                out.set(last, out.get(last) + " " + p);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
