#!/usr/bin/env python3
"""In-domain text for the house corrector: the allison-train prompts (the train split only; the dev split's texts are
never read) plus closed word classes that phone and dictation systems say all the time, written from rules:
numbers, ordinals, digit strings, times, dates, weekdays and months, spelled letters (plain and NATO) and the names of
keyboard symbols. One sentence per line, normalised like the ASR references (lower case, no punctuation, numbers in
words without "and"). synth.py reads each line once with a random voice, so repeated lines are heard in many voices.

Usage: python3 -m training.corrector.domain_corpus --manifest training/data/manifests/allison-train.tsv --out domain.txt [--repeat 40]
"""
import argparse
import os
import random

from training.common.textnorm import ONES, number_words as words, ordinal_words as ordinal

DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = "january february march april may june july august september october november december".split()
NATO = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec " \
       "romeo sierra tango uniform victor whiskey x-ray yankee zulu".split()
SYMBOLS = ["star", "pound", "pound key", "hash", "asterisk", "dash", "slash", "backslash", "underscore", "dot",
           "at sign", "dollar sign", "percent", "ampersand", "plus", "minus", "equals", "comma", "colon", "semicolon",
           "tilde", "caret", "pipe", "backtick", "exclamation point", "question mark", "open parenthesis",
           "close parenthesis", "left bracket", "right bracket", "greater than", "less than", "uppercase",
           "lowercase", "space", "zed", "niner"]


def letters(rng):
    return " ".join(rng.choice("abcdefghijklmnopqrstuvwxyz") if rng.random() < 0.5 else rng.choice(NATO)
                    for _ in range(rng.randint(1, 5)))


def closed_classes(rng, n):
    """n lines drawn from the rule-written classes."""
    def number():
        r = rng.random()
        return words(rng.randint(0, 100) if r < 0.5 else rng.randint(100, 10 ** 4) if r < 0.8
                     else rng.choice([10 ** 5, 10 ** 6, 10 ** 9]) * rng.randint(1, 9) + rng.randint(0, 999))
    makers = [
        number,
        lambda: ordinal(rng.randint(1, 100) if rng.random() < 0.8 else rng.choice([100, 1000, 10 ** 6, 10 ** 9])),
        lambda: " ".join(rng.choice(ONES[:10] + ["oh"]) for _ in range(rng.randint(1, 10))),
        lambda: f"{words(rng.randint(1, 12))} {words(rng.randint(1, 59)) if rng.random() < 0.7 else 'o clock'}"
                f"{rng.choice(['', ' a m', ' p m'])}",
        lambda: f"{rng.choice(DAYS)} {rng.choice(MONTHS)} {ordinal(rng.randint(1, 31))}",
        lambda: f"{rng.choice(MONTHS)} {ordinal(rng.randint(1, 31))} {words(rng.randint(1990, 2039))}",
        lambda: rng.choice(DAYS) if rng.random() < 0.5 else rng.choice(MONTHS),
        lambda: letters(rng),
        lambda: rng.choice(SYMBOLS),
        lambda: rng.choice(["hundred", "thousand", "million", "billion", "hundredth", "thousandth", "millionth",
                            "billionth"]),
        lambda: f"{number()} {rng.choice(['dollars', 'cents', 'seconds', 'minutes', 'hours', 'percent', 'messages'])}",
    ]
    return [rng.choice(makers)() for _ in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True, help="train split TSV (path, normalized)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=40, help="times each train prompt is read (by different voices)")
    ap.add_argument("--closed", type=int, default=12000, help="lines from the closed word classes")
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.manifest, encoding="utf-8") as f:
        prompts = [l.rstrip("\n").split("\t")[1] for l in f][1:]
    lines = [p for p in prompts if p.strip()] * a.repeat + closed_classes(rng, a.closed)
    rng.shuffle(lines)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(len(lines), "lines,", len(set(lines)), "distinct")


if __name__ == "__main__":
    main()
