"""English text normalisation shared by every recipe: lowercase words, digits spelled out, no punctuation.

It matches the normalised transcripts in ../shared/data (allison-train's third column) and the Java side's
TextNormalizer (asr module), so WER is computed the same way everywhere.
"""
import re
import unicodedata

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
       "twelve": "twelfth"}


def number_words(n: int) -> str:
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + number_words(n % 100))
    for value, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= value:
            rest = n % value
            return number_words(n // value) + " " + name + ("" if rest == 0 else " " + number_words(rest))
    raise ValueError(n)


def ordinal_words(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    if last in ORD:
        words[-1] = ORD[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def year_words(n: int) -> str:
    if 2000 <= n <= 2009:
        return number_words(n)
    hi, lo = divmod(n, 100)
    if lo == 0:
        return number_words(hi) + " hundred"
    return number_words(hi) + " " + ("oh " + ONES[lo] if lo < 10 else number_words(lo))


def _digits(m: re.Match) -> str:
    s = m.group(0)
    if len(s) > 1 and s.startswith("0") or len(s) > 7:
        return " ".join(ONES[int(c)] for c in s)  # phone numbers, codes: digit by digit
    n = int(s)
    if 1100 <= n <= 1999 or 2010 <= n <= 2099:
        return year_words(n)
    return number_words(n)


FOLD = {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
        "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}


def fold(text: str) -> str:
    """Latin letters with accents or in ligatures as plain letters (Café -> Cafe, Straße -> Strasse, ﬁ -> fi)."""
    for a, b in FOLD.items():
        text = text.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.category(c).startswith("M"))


def normalize(text: str) -> str:
    t = fold(text).lower()
    t = t.replace("&", " and ").replace("%", " percent ").replace("@", " at ").replace("+", " plus ")
    t = re.sub(r"(\d+)(st|nd|rd|th)\b", lambda m: ordinal_words(int(m.group(1))), t)
    t = re.sub(r"(\d)([a-z])", r"\1 \2", t)
    t = re.sub(r"([a-z])(\d)", r"\1 \2", t)
    t = re.sub(r"\d{1,3}(,\d{3})+", lambda m: number_words(int(m.group(0).replace(",", ""))), t)
    t = re.sub(r"\d+\.\d+", lambda m: " point ".join(_digits(re.match(r"\d+", p)) if i == 0 else " ".join(ONES[int(c)] for c in p)
                                                       for i, p in enumerate(m.group(0).split("."))), t)
    t = re.sub(r"\d+", _digits, t)
    t = t.replace("’", "'").replace("`", "'")
    t = re.sub(r"[^a-z' ]+", " ", t)
    t = re.sub(r"(^| )'+|'+( |$)", " ", t)  # quotes, not apostrophes
    return re.sub(r"\s+", " ", t).strip()


if __name__ == "__main__":
    import sys
    for line in sys.stdin:
        print(normalize(line))
