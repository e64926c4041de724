#!/usr/bin/env python3
"""Builds the English text corpus the synthetic voices read (runs on a Debian machine with the packages below).

Sources (all free, from Debian packages; none of them contains the Asterisk prompts):
  * fortunes (fortune-mod data, /usr/share/games/fortunes; the offensive set is not used)
  * wordnet-base (WordNet 3.0 glosses and example sentences)
  * Debian package descriptions (apt-cache dumpavail): modern technical English
  * templates written for this project: phone-system and everyday phrases with numbers, digits, times, dates,
    ordinals, spelled letters (NATO alphabet), so digits and telephony words are well covered.
Every line is normalised with common.textnorm (lowercase, digits spelled out, no punctuation).

Usage: python3 -m training.data.build_corpus OUT.txt [--max-per-source N]
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys

from training.common.textnorm import normalize, number_words, ordinal_words

SENT_SPLIT = re.compile(r"(?<=[.!?;:])\s+")


def sentences(text):
    text = re.sub(r"\s+", " ", text)
    for s in SENT_SPLIT.split(text):
        yield s


def fortunes():
    for f in sorted(glob.glob("/usr/share/games/fortunes/*")):
        if "." in os.path.basename(f) or os.path.isdir(f):
            continue
        with open(f, encoding="utf-8", errors="ignore") as fh:
            for block in fh.read().split("\n%\n"):
                block = re.sub(r"^\s*--.*$", "", block, flags=re.M)  # attributions
                yield from sentences(block)


def wordnet():
    for f in glob.glob("/usr/share/wordnet/data.*"):
        with open(f, encoding="utf-8", errors="ignore") as fh:
            for line in fh:
                if line.startswith("  ") or "|" not in line:
                    continue
                gloss = line.split("|", 1)[1]
                for ex in re.findall(r'"([^"]+)"', gloss):
                    yield ex
                head = re.sub(r'"[^"]*"', "", gloss).split(";")[0]
                if len(head.split()) >= 4:
                    yield head


def package_descriptions():
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, errors="ignore").stdout
    for m in re.finditer(r"^Description(?:-en)?: (.*)\n((?: .*\n)*)", out, flags=re.M):
        yield m.group(1)
        body = " ".join(l.strip() for l in m.group(2).splitlines() if l.strip() != ".")
        yield from sentences(body)


NATO = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec "
        "romeo sierra tango uniform victor whiskey x-ray yankee zulu").replace("x-ray", "xray").split()
DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = "january february march april may june july august september october november december".split()
ACTIONS = ["to leave a message", "to repeat this menu", "to return to the main menu", "to speak with an operator",
           "for the company directory", "to change your password", "to record your name", "to hear your messages",
           "to cancel", "to confirm", "to try again", "to save this recording", "to delete it", "for more options",
           "to transfer the call", "to join the meeting", "to mute your line", "to end the call", "for billing",
           "for technical support", "for sales", "to check your balance", "to hear the time", "to go back"]
OBJECTS = ["account number", "pin", "password", "extension", "mailbox number", "conference number", "access code",
           "card number", "zip code", "date of birth", "phone number", "order number", "room number", "user id"]
KEYS = ["the pound key", "the star key", "pound", "star", "the hash key", "zero", "one"]


def digits(n):
    return " ".join(str(random.randint(0, 9)) for _ in range(n))


def templates(count, seed=7):
    random.seed(seed)
    t = []
    for _ in range(count):
        k = random.randrange(22)
        if k == 0:
            t.append(f"press {random.randint(0, 9)} {random.choice(ACTIONS)}")
        elif k == 1:
            t.append(f"please enter your {random.choice(OBJECTS)} followed by {random.choice(KEYS)}")
        elif k == 2:
            t.append(f"you have {random.randint(0, 40)} new messages and {random.randint(0, 99)} saved messages")
        elif k == 3:
            t.append(f"the number you dialed {digits(random.randint(3, 10))} is not in service")
        elif k == 4:
            t.append(f"your call will be answered in approximately {random.randint(1, 59)} minutes")
        elif k == 5:
            t.append(f"today is {random.choice(DAYS)} {random.choice(MONTHS)} {ordinal_words(random.randint(1, 31))}")
        elif k == 6:
            h, m = random.randint(1, 12), random.randint(0, 59)
            mm = "o'clock" if m == 0 else ("oh " + number_words(m) if m < 10 else number_words(m))
            t.append(f"the time is {number_words(h)} {mm} {random.choice(['a m', 'p m', 'in the morning', 'in the evening'])}")
        elif k == 7:
            t.append(" ".join(random.choice(NATO) for _ in range(random.randint(2, 6))))
        elif k == 8:
            t.append(f"extension {digits(random.randint(2, 5))} is {random.choice(['busy', 'unavailable', 'on the phone', 'ringing'])}")
        elif k == 9:
            t.append(f"there are {random.randint(0, 30)} other participants in this conference")
        elif k == 10:
            t.append(f"the {ordinal_words(random.randint(1, 99))} caller will win {number_words(random.randint(1, 5000))} dollars")
        elif k == 11:
            t.append(f"{random.choice(['thank you', 'sorry', 'goodbye', 'welcome', 'hello'])} {random.choice(['', 'for calling', 'please hold', 'please try again later', 'that is not a valid entry'])}")
        elif k == 12:
            t.append(digits(random.randint(1, 12)))
        elif k == 13:
            t.append(f"the total is {number_words(random.randint(1, 9999))} dollars and {number_words(random.randint(1, 99))} cents")
        elif k == 14:
            t.append(f"{random.choice(['increase', 'decrease', 'raise', 'lower'])} the {random.choice(['volume', 'talk volume', 'listening volume', 'speed'])} by pressing {random.randint(0, 9)}")
        elif k == 15:
            t.append(f"in {number_words(random.randint(1900, 2030))} the {random.choice(['company', 'team', 'city', 'school'])} had {number_words(random.randint(2, 100000))} {random.choice(['people', 'members', 'users', 'employees'])}")
        elif k == 16:
            t.append(f"your {random.choice(OBJECTS)} is {digits(random.randint(3, 8))}")
        elif k == 17:
            t.append(f"the meeting is on {random.choice(DAYS)} at {number_words(random.randint(1, 12))} {random.choice(['thirty', 'fifteen', 'forty five', ''])}")
        elif k == 18:
            t.append(f"{random.choice(['you are', 'the caller is', 'this line is', 'your party is'])} {random.choice(['muted', 'unmuted', 'on hold', 'now recording', 'locked', 'unlocked', 'the only person here'])}")
        elif k == 19:
            t.append(f"please say or spell the {random.choice(['first', 'last'])} name of the person you are trying to reach")
        elif k == 20:
            t.append(f"{number_words(random.randint(0, 100))} percent of {random.choice(['calls', 'users', 'messages', 'devices'])} {random.choice(['were answered', 'failed', 'arrived late', 'are waiting'])}")
        else:
            t.append(f"{random.choice(['seven', 'eleven', 'twenty', 'hundred', 'thousand', 'million'])} {random.choice(['times', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'years'])} {random.choice(['ago', 'later', 'from now', 'in a row', 'at most'])}")
    return t


def load_dictionary(path="/usr/share/dict/american-english-large"):
    """Words a TTS voice pronounces as spelled (wamerican-large): sentences with acronyms or jargon are dropped,
    since the voice would say something other than the label."""
    words = set()
    with open(path, encoding="utf-8", errors="ignore") as fh:
        for w in fh:
            w = w.strip().lower()
            if w.isalpha() or "'" in w:
                words.add(w)
    words.update(NATO)
    words.update(["xray", "o'clock", "voicemail", "online", "email", "website", "login", "logout"])
    return words


DICT = None


def clean(sentence, min_words=2, max_words=28):
    if re.search(r"https?://|www\.|\S+@\S+|[<>{}\[\]=_\\/]", sentence):
        return None
    n = normalize(sentence)
    w = n.split()
    if not (min_words <= len(w) <= max_words):
        return None
    if any(len(x) > 18 for x in w):
        return None
    if DICT is not None and not all(x in DICT or x in NUMBER_WORDS for x in w):
        return None
    return n


NUMBER_WORDS = set(" ".join(number_words(i) + " " + ordinal_words(i) for i in range(1, 100)).split()) | {
    "hundred", "thousand", "million", "billion", "hundredth", "thousandth", "millionth", "zero", "oh", "a", "m", "p"}


def main():
    global DICT
    DICT = load_dictionary()
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--max-per-source", type=int, default=150000)
    ap.add_argument("--templates", type=int, default=60000)
    a = ap.parse_args()
    random.seed(1)
    seen = set()
    counts = {}
    with open(a.out, "w", encoding="utf-8") as out:
        for name, gen in (("fortunes", fortunes()), ("wordnet", wordnet()), ("debian", package_descriptions())):
            lines = []
            for s in gen:
                c = clean(s)
                if c and c not in seen:
                    seen.add(c)
                    lines.append(c)
            random.shuffle(lines)
            lines = lines[: a.max_per_source]
            counts[name] = len(lines)
            out.writelines(l + "\n" for l in lines)
        tl = [c for c in (clean(s, 1) for s in templates(a.templates)) if c]
        counts["templates"] = len(tl)
        out.writelines(l + "\n" for l in tl)
    print(counts, file=sys.stderr)


if __name__ == "__main__":
    main()
