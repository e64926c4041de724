package dev.sws.tts;

import dev.sws.core.text.TextNormalizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to speakable chunks: abbreviations, URLs, times, amounts of money, dates, phone numbers, versions, decades,
 * fractions, temperatures and units spelled out, numbers to words
 * ({@link TextNormalizer}), emoji and other symbols dropped, then split at sentence ends (and at commas or spaces when a
 * sentence is too long) into chunks of at most {@code maxChars} normalised characters, each synthesised separately and
 * cross-faded.
 */
public final class TtsText {

    private static final Map<Pattern, String> ABBREVIATIONS = new LinkedHashMap<>();
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s]+|\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:com|org|net|io|dev|edu|gov)\\b[^\\s]*");
    private static final Pattern EMAIL = Pattern.compile("\\b([\\w.+-]+)@([\\w-]+(?:\\.[\\w-]+)+)\\b");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+|\\n+");
    private static final Pattern TIME = Pattern.compile("(?i)\\b([01]?\\d|2[0-3]):([0-5]\\d)(?!:?\\d)(?:\\s*([ap])\\.?\\s?m\\b\\.?)?");
    private static final Pattern HOUR_AM_PM = Pattern.compile("(?i)\\b(1[0-2]|0?[1-9])\\s*([ap])\\.?\\s?m\\b\\.?");
    private static final Pattern MONEY = Pattern.compile("(?i)([$£€])\\s?(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?(?!\\d)"
            + "(?:\\s?(thousand|million|billion|trillion|k|m|bn|b)\\b)?");
    private static final Pattern SLASH_DATE = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};
    private static final Pattern DAY_MONTH = Pattern.compile("(?i)(?:\\bthe\\s+)?(?<![\\d.,:/])\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(of\\s+)?("
            + String.join("|", MONTHS) + ")\\b");
    private static final Pattern MONTH_DAY = Pattern.compile("(?i)\\b(" + String.join("|", MONTHS)
            + "|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![:.,]?\\d)");

    // with an area code always a phone number; 555-0142 alone only after a word that says so (200-1000 is a range)
    private static final Pattern PHONE = Pattern.compile("(?<![\\d-])(?:\\((\\d{3})\\)\\s?|(\\d{3})-)(\\d{3})-(\\d{4})(?![\\d-])"
            + "|(?i)(?<=\\b(?:call|phone|number|dial|tel|fax|text|reach|mobile|cell)\\b[^\\d\\n]{0,20})(?<![\\d-])()()(\\d{3})-(\\d{4})(?![\\d-])");
    private static final Pattern VERSION = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+){2,})(?![\\d.])");
    // 1990s, '80s, and a bare 80s only where it cannot be seconds ("the 80s", "her early 20s")
    private static final Pattern DECADE = Pattern.compile("(?i)(?<![\\d.])(?:(1\\d|20)(\\d)0s|’?'?(\\d)0s"
            + "(?<=['’]\\d0s)|(?<=\\b(?:the|their|his|her|my|your|our|early|late|mid)[\\s-])(\\d)0s)\\b");
    private static final Pattern DEGREES = Pattern.compile("\\s?°(?:\\s?([CF])\\b)?");
    // 5-10, 1990–2000, a 3-2 win; not 555-0142 (no range ends in 0142)
    private static final Pattern RANGE = Pattern.compile("(?<=\\d)\\s?[-–]\\s?(?=[1-9]|0(?!\\d))");
    private static final Pattern NEGATIVE = Pattern.compile("(?<![\\w.,/-])[-−](?=\\d)");
    private static final Pattern FRACTION = Pattern.compile("(?<![\\d/.,])(\\d)/(\\d{1,2})(?![\\d/])");
    private static final Map<String, String[]> UNITS = new LinkedHashMap<>();
    private static final Pattern UNIT;
    private static final String[] DENOMINATORS = {"", "", "half", "third", "quarter", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"};
    private static final String[] DECADES = {"", "tens", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
            "eighties", "nineties"};

    static {
        String[][] units = {{"km/h", "kilometer per hour", "kilometers per hour"}, {"kph", "kilometer per hour", "kilometers per hour"},
                {"mph", "mile per hour", "miles per hour"}, {"km", "kilometer", "kilometers"}, {"cm", "centimeter", "centimeters"},
                {"mm", "millimeter", "millimeters"}, {"kg", "kilogram", "kilograms"}, {"mg", "milligram", "milligrams"},
                {"ml", "milliliter", "milliliters"}, {"lbs?", "pound", "pounds"}, {"oz", "ounce", "ounces"}, {"ft", "foot", "feet"},
                {"TB", "terabyte", "terabytes"}, {"GB", "gigabyte", "gigabytes"}, {"MB", "megabyte", "megabytes"},
                {"KB", "kilobyte", "kilobytes"}, {"GHz", "gigahertz", "gigahertz"}, {"MHz", "megahertz", "megahertz"},
                {"kHz", "kilohertz", "kilohertz"}, {"Hz", "hertz", "hertz"}, {"kWh", "kilowatt hour", "kilowatt hours"},
                {"kW", "kilowatt", "kilowatts"}, {"ms", "millisecond", "milliseconds"}};
        StringBuilder alt = new StringBuilder();
        for (String[] u : units) {
            UNITS.put(u[0], new String[] {u[1], u[2]});
            alt.append(alt.isEmpty() ? "" : "|").append(u[0]);
        }
        UNIT = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)\\s?(" + alt + ")(?![\\w/])");
    }

    static {
        String[][] a = {{"dr", "doctor"}, {"mr", "mister"}, {"mrs", "missus"}, {"ms", "miz"}, {"prof", "professor"},
                {"vs", "versus"}, {"etc", "et cetera"}, {"e\\.g", "for example"}, {"i\\.e", "that is"},
                {"approx", "approximately"}, {"no", "number"}, {"jan", "january"}, {"feb", "february"},
                {"aug", "august"}, {"sept?", "september"}, {"oct", "october"}, {"nov", "november"}, {"dec", "december"}};
        ABBREVIATIONS.put(Pattern.compile("\\bSt\\.(?=\\s+\\p{Lu})"), "saint");   // St. John; Main St. is a street
        ABBREVIATIONS.put(Pattern.compile("(?i)\\bst\\."), "street");
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
        t = PHONE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(phone(m)));
        t = VERSION.matcher(t).replaceAll(m -> m.group(1).replace(".", " point "));
        t = TIME.matcher(t).replaceAll(m -> Matcher.quoteReplacement(time(m)));
        t = HOUR_AM_PM.matcher(t).replaceAll(m -> m.group(1) + " " + amPm(m.group(2)));
        t = MONEY.matcher(t).replaceAll(m -> Matcher.quoteReplacement(money(m)));
        t = ISO_DATE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(date(m.group(2), m.group(3), m.group(1), m.group())));
        t = SLASH_DATE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(Integer.parseInt(m.group(1)) > 12
                ? date(m.group(2), m.group(1), m.group(3), m.group())      // 14/3/2025: day first
                : date(m.group(1), m.group(2), m.group(3), m.group())));   // 3/14/2025 and 3/4/2025: month first (US)
        t = DAY_MONTH.matcher(t).replaceAll(m -> Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 31 ? m.group()
                : "the " + TextNormalizer.ordinal(Integer.parseInt(m.group(1))) + " of " + m.group(3));
        t = MONTH_DAY.matcher(t).replaceAll(m -> month(m.group(1)) + " " + TextNormalizer.ordinal(Integer.parseInt(m.group(2))));
        t = FRACTION.matcher(t).replaceAll(m -> Matcher.quoteReplacement(fraction(m)));
        t = DECADE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(decade(m)));
        t = DEGREES.matcher(t).replaceAll(m -> m.group(1) == null ? " degrees"
                : m.group(1).equals("C") ? " degrees celsius" : " degrees fahrenheit");
        t = UNIT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + unit(m.group(1), m.group(2))));
        t = RANGE.matcher(t).replaceAll(" to ");
        t = NEGATIVE.matcher(t).replaceAll("minus ");
        for (Map.Entry<Pattern, String> e : ABBREVIATIONS.entrySet()) {
            t = e.getKey().matcher(t).replaceAll(e.getValue());
        }
        return t;
    }

    /** 10:30 → ten thirty, 10:05 → ten oh five, 10:00 → ten o'clock ("ten ay em" with a.m.), 14:30 → fourteen thirty. */
    private static String time(java.util.regex.MatchResult m) {
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        String words = TextNormalizer.number(h) + (min == 0 ? (m.group(3) == null ? " o'clock" : "")
                : min < 10 ? " oh " + TextNormalizer.number(min) : " " + TextNormalizer.number(min));
        return m.group(3) == null ? words : words + " " + amPm(m.group(3));
    }

    /** 555-0199 → five five five, zero one nine nine; (800) 555-0199 and 800-555-0199 with the area code first. */
    private static String phone(java.util.regex.MatchResult m) {
        List<String> groups = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null && !m.group(g).isEmpty()) {   // the second form's empty groups keep the numbering
                groups.add(digits(m.group(g)));
            }
        }
        return String.join(", ", groups);
    }

    private static String digits(String ds) {
        StringBuilder sb = new StringBuilder();
        for (char c : ds.toCharArray()) {
            sb.append(sb.isEmpty() ? "" : " ").append(TextNormalizer.number(c - '0'));
        }
        return sb.toString();
    }

    /** Jan → january (a month as written after MONTH_DAY, full or abbreviated). */
    private static String month(String written) {
        String w = written.toLowerCase(java.util.Locale.ROOT);
        for (String mo : MONTHS) {
            if (mo.startsWith(w.length() >= 3 ? w.substring(0, 3) : w)) {
                return mo;
            }
        }
        return written;
    }

    /** 1/2 → one half, 3/4 → three quarters, 2/3 → two thirds; other ratios (10/20, 7/12) stay as written. */
    private static String fraction(java.util.regex.MatchResult m) {
        int n = Integer.parseInt(m.group(1));
        int d = Integer.parseInt(m.group(2));
        if (n < 1 || n >= d || d > 10) {
            return m.group();
        }
        String den = d == 2 ? (n == 1 ? "half" : "halves") : DENOMINATORS[d] + (n == 1 ? "" : "s");
        return TextNormalizer.number(n) + " " + den;
    }

    /** 1990s → nineteen nineties, '80s and 80s → eighties, 1900s → nineteen hundreds, 2000s → two thousands. */
    private static String decade(java.util.regex.MatchResult m) {
        if (m.group(1) == null) {
            int tens = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(4));
            return tens == 0 ? m.group() : DECADES[tens];
        }
        int tens = Integer.parseInt(m.group(2));
        int c = Integer.parseInt(m.group(1));
        if (tens == 0) {
            return c == 20 ? "two thousands" : TextNormalizer.number(c) + " hundreds";
        }
        return (c == 20 ? "twenty" : TextNormalizer.number(c)) + " " + DECADES[tens];
    }

    private static String unit(String number, String symbol) {
        for (Map.Entry<String, String[]> u : UNITS.entrySet()) {
            if (symbol.matches(u.getKey())) {
                return u.getValue()[number.equals("1") ? 0 : 1];
            }
        }
        return symbol;
    }

    private static String amPm(String letter) {
        return letter.equalsIgnoreCase("a") ? "ay em" : "pee em";
    }

    /** $42.50 → forty two dollars and fifty cents; €1 → one euro; $0.99 → ninety nine cents; $2.5 million → … dollars. */
    private static String money(java.util.regex.MatchResult m) {
        String unit = switch (m.group(1)) {
            case "$" -> "dollar";
            case "£" -> "pound";
            default -> "euro";
        };
        String whole = m.group(2).replace(",", "");
        String frac = m.group(3);
        String scale = m.group(4) == null ? null : switch (m.group(4).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> "thousand";
            case "m" -> "million";
            case "b", "bn" -> "billion";
            default -> m.group(4).toLowerCase(java.util.Locale.ROOT);
        };
        if (scale != null) {   // $2.5 million: the amount as a number, then the unit
            return (frac == null ? whole : whole + "." + frac) + " " + scale + " " + unit + "s";
        }
        long n = Long.parseLong(whole);
        int cents = frac == null ? 0 : Integer.parseInt(frac.length() == 1 ? frac + "0" : frac);
        String small = unit.equals("pound") ? (cents == 1 ? "penny" : "pence") : cents == 1 ? "cent" : "cents";
        String main = TextNormalizer.number(n) + " " + unit + (n == 1 ? "" : "s");
        if (cents == 0) {
            return main;
        }
        String c = TextNormalizer.number(cents) + " " + small;
        return n == 0 ? c : main + " and " + c;
    }

    /** Month name, ordinal day and the year as written (read as a year later), or the text unchanged if not a date. */
    private static String date(String month, String day, String year, String asWritten) {
        int mo = Integer.parseInt(month);
        int d = Integer.parseInt(day);
        if (mo < 1 || mo > 12 || d < 1 || d > 31) {
            return asWritten;
        }
        return MONTHS[mo - 1] + " " + TextNormalizer.ordinal(d) + " " + year;
    }

    private static String spellDots(String s) {
        return s.replace(".", " dot ").replace("-", " dash ").replace("_", " underscore ");
    }

    /** The words the synthesiser is asked to say for {@code raw}, in one normalised line (the reference when scoring it). */
    public static String spoken(String raw) {
        return String.join(" ", chunksOf(raw, Integer.MAX_VALUE));
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
