package dev.sws.core.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English normalisation for WER: lowercase words, accents folded, digits spelled out, no punctuation (apostrophes
 * inside words kept). Mirrors training/common/textnorm.py, which produced the normalised transcripts the models learn.
 */
public final class TextNormalizer {

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    private static final Pattern ORDINAL = Pattern.compile("(\\d+)(st|nd|rd|th)\\b");
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(,\\d{3})+");
    private static final Pattern DECIMAL = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        String t = fold(text).toLowerCase(Locale.ROOT).replace("&", " and ").replace("%", " percent ").replace("@", " at ")
                .replace("+", " plus ");
        t = replace(ORDINAL, t, m -> ordinal(Long.parseLong(m.group(1))));
        t = t.replaceAll("(\\d)([a-z])", "$1 $2").replaceAll("([a-z])(\\d)", "$1 $2");
        t = replace(GROUPED, t, m -> number(Long.parseLong(m.group().replace(",", ""))));
        t = replace(DECIMAL, t, m -> digitsOrNumber(m.group(1)) + " point " + spell(m.group(2)));
        t = replace(DIGITS, t, m -> digitsOrNumber(m.group()));
        t = t.replace('\u2019', '\'').replace('`', '\'');
        t = t.replaceAll("[^a-z' ]+", " ");
        t = t.replaceAll("(^| )'+|'+( |$)", " ");
        return t.replaceAll("\\s+", " ").strip();
    }

    /**
     * Latin letters with accents or in ligatures as their plain letters (Café → Cafe, Björk → Bjork, Straße → Strasse,
     * ﬁ → fi), so that they are read, not cut into pieces ("caf", "bj rk") by the letters-only rule; other scripts stay
     * as they are (and are dropped by it). Compatibility decomposition, then the combining marks removed.
     */
    static String fold(String text) {
        String t = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "Ae").replace("œ", "oe").replace("Œ", "Oe")
                .replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
                .replace("ð", "d").replace("Ð", "D").replace("þ", "th").replace("Þ", "Th").replace("ı", "i");
        return MARKS.matcher(java.text.Normalizer.normalize(t, java.text.Normalizer.Form.NFKD)).replaceAll("");
    }

    private interface Fn {
        String apply(Matcher m);
    }

    private static String replace(Pattern p, String s, Fn f) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String spell(String digits) {
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(ONES[c - '0']);
        }
        return sb.toString();
    }

    private static String digitsOrNumber(String s) {
        if ((s.length() > 1 && s.startsWith("0")) || s.length() > 7) {
            return spell(s);
        }
        long n = Long.parseLong(s);
        if ((n >= 1100 && n <= 1999) || (n >= 2010 && n <= 2099)) {
            return year((int) n);
        }
        return number(n);
    }

    private static String year(int n) {
        int hi = n / 100;
        int lo = n % 100;
        if (lo == 0) {
            return number(hi) + " hundred";
        }
        return number(hi) + " " + (lo < 10 ? "oh " + ONES[lo] : number(lo));
    }

    public static String number(long n) {
        if (n < 0) {
            return "minus " + number(-n);
        }
        if (n < 20) {
            return ONES[(int) n];
        }
        if (n < 100) {
            return TENS[(int) (n / 10)] + (n % 10 == 0 ? "" : " " + ONES[(int) (n % 10)]);
        }
        if (n < 1000) {
            return ONES[(int) (n / 100)] + " hundred" + (n % 100 == 0 ? "" : " " + number(n % 100));
        }
        long[] values = {1_000_000_000L, 1_000_000L, 1000L};
        String[] names = {"billion", "million", "thousand"};
        for (int i = 0; i < values.length; i++) {
            if (n >= values[i]) {
                long rest = n % values[i];
                return number(n / values[i]) + " " + names[i] + (rest == 0 ? "" : " " + number(rest));
            }
        }
        throw new IllegalArgumentException(String.valueOf(n));
    }

    public static String ordinal(long n) {
        String words = number(n);
        int sp = words.lastIndexOf(' ');
        String head = sp < 0 ? "" : words.substring(0, sp + 1);
        String last = words.substring(sp + 1);
        String ord = switch (last) {
            case "one" -> "first";
            case "two" -> "second";
            case "three" -> "third";
            case "five" -> "fifth";
            case "eight" -> "eighth";
            case "nine" -> "ninth";
            case "twelve" -> "twelfth";
            default -> last.endsWith("y") ? last.substring(0, last.length() - 1) + "ieth" : last + "th";
        };
        return head + ord;
    }
}
