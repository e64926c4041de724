#!/usr/bin/env python3
"""Punctuated, cased English prose for the punctuation-and-casing model, from free Debian packages, labelled per
spoken word.

Sources (unpack the .deb files into one ROOT with `dpkg-deb -x`; see training/punct/README.md):
  fortunes, fortunes-min, fortune-anarchism      /usr/share/games/fortunes     (the offensive set is not used)
  debian-handbook (en-US), debian-reference-en,  HTML under /usr/share/doc
  debian-faq, python3.11-doc
  perl-doc                                        POD under /usr/share/perl
  dict-jargon, dict-foldoc, dict-devil            /usr/share/dictd/*.dict.dz
  gnu-standards                                   /usr/share/info/standards.info.gz
  gimp-help-en, postgresql-doc-15, git-doc,       HTML user manuals and books
  python-django-doc, sphinx-doc, rust-doc

Only prose survives: sentences that start with a capital (or quote), end with . ? or !, have 3-80 words and no code
(inline code, markup, URLs and symbols reject the sentence). A run of consecutive prose sentences of one document
is a stream; each stream becomes one JSON line {"src", "doc", "words", "punct", "case"}:
  words: the stream as the recogniser writes it (training.common.textnorm.normalize: lowercase, numbers spelled)
  punct: per word, what follows it: 0 nothing, 1 comma, 2 period, 3 question mark (; and ! count as a period, : and
         dashes as a comma)
  case:  per word, 0 lower, 1 capitalised, 2 all capitals (a number spelled out is lower case)
A document goes to the test file when crc32(source/document) % 25 == 0, so no held-out text is seen in training.

Usage: python3 -m training.punct.corpus ROOT OUT_DIR
"""
import argparse
import collections
import glob
import gzip
import html
import html.parser
import json
import os
import re
import zlib

from training.common.textnorm import normalize

CODE = "\x00"                    # stands for inline code: a sentence holding it is not prose
SENT_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(]?[A-Z0-9])")
NOT_PROSE = re.compile(r"[\x00{}<>=_/\\|#$@*~^\[\]]|https?:|www\.|\.\.\.|\w\.\w|--")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "prof", "no", "vol", "fig", "approx", "inc",
                 "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                 "dec", "e", "i", "g", "a", "u", "s"}
LABEL = {"?": 3, ".": 2, "!": 2, ";": 2, ",": 1, ":": 1, "\u2014": 1, "\u2013": 1}


# ---- sources: each yields (document id, list of paragraphs) --------------------------------------------------------

def fortunes(root):
    for f in sorted(glob.glob(os.path.join(root, "usr/share/games/fortunes/*"))):
        name = os.path.basename(f)
        if "." in name or os.path.isdir(f) or name == "off":
            continue
        with open(f, encoding="utf-8", errors="ignore") as fh:
            for i, block in enumerate(fh.read().split("\n%\n")):
                block = re.sub(r"^\s*(--|\u2014).*$", "", block, flags=re.M)          # attributions
                block = re.sub(r"^\s*[QA]:\s*", "", block, flags=re.M)
                yield f"fortunes/{name}/{i}", [block]


class _Html(html.parser.HTMLParser):
    BLOCKS = {"p", "li", "dd", "dt", "td", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "br", "tr"}
    CODE_TAGS = {"code", "tt", "kbd", "var", "samp", "span"}
    SKIP = {"pre", "script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.cur, self.skip, self.code = [], [], 0, 0

    def flush(self):
        text = "".join(self.cur).strip()
        if text:
            self.paragraphs.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.flush()
        elif tag in self.CODE_TAGS and (tag != "span" or any(k == "class" and v and ("pre" in v or "literal" in v)
                                                              for k, v in attrs)):
            self.code += 1
            self.cur.append(CODE)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.flush()
        elif tag in self.CODE_TAGS and self.code:
            self.code -= 1

    def handle_data(self, data):
        if not self.skip and not self.code:
            self.cur.append(data)


def html_docs(root, pattern):
    for f in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
        if "/_modules/" in f or f.endswith(("/print.html", "genindex.html", "search.html")):
            continue                                     # source listings, indexes, the one-page copy of a book
        with open(f, encoding="utf-8", errors="ignore") as fh:
            p = _Html()
            p.feed(fh.read())
            p.flush()
        yield os.path.relpath(f, root), p.paragraphs


def pod_docs(root):
    for f in sorted(glob.glob(os.path.join(root, "usr/share/perl/*/pod/*.pod"))):
        with open(f, encoding="utf-8", errors="ignore") as fh:
            paras = []
            for para in re.split(r"\n\s*\n", fh.read()):
                if para.startswith("=head"):
                    para = para.split(None, 1)[1] if " " in para else ""      # headings: FAQ questions
                if not para or para[0].isspace() or para.startswith("="):
                    continue                          # verbatim code and commands
                para = re.sub(r"[CF]<+[^>]*>+", CODE, para)
                para = re.sub(r"L<([^|>]*)\|[^>]*>", r"\1", para)
                para = re.sub(r"[BIESL]<([^>]*)>", r"\1", para)
                paras.append(para)
        yield os.path.relpath(f, root), paras


def dict_docs(root):
    for f in sorted(glob.glob(os.path.join(root, "usr/share/dictd/*.dict.dz"))):
        with gzip.open(f, "rt", encoding="utf-8", errors="ignore") as fh:
            text = fh.read().replace("{", "").replace("}", "")
        paras = [re.sub(r"\s+", " ", p) for p in re.split(r"\n\s*\n", text)]
        for i in range(0, len(paras), 200):                  # documents of 200 paragraphs
            yield f"{os.path.basename(f)}/{i}", paras[i:i + 200]


def info_docs(root):
    for f in sorted(glob.glob(os.path.join(root, "usr/share/info/*.info*.gz"))):
        with gzip.open(f, "rt", encoding="utf-8", errors="ignore") as fh:
            text = fh.read()
        paras = [p for p in re.split(r"\n\s*\n", text) if p and not p.startswith(("  ", "*", "\x1f", "File:"))]
        paras = [re.sub(r"'([^'\s]+)'", CODE, p) for p in paras]
        for i in range(0, len(paras), 100):
            yield f"{os.path.basename(f)}/{i}", paras[i:i + 100]


HTML = ["usr/share/doc/debian-handbook/html/en-US/*.html", "usr/share/debian-reference/*.en.html",
        "usr/share/doc/debian/FAQ/*.en.html", "usr/share/doc/python3*/html/**/*.html", "usr/share/gimp/2.0/help/en/*.html",
        "usr/share/doc/postgresql-doc-*/html/*.html", "usr/share/doc/git-doc/*.html",
        "usr/share/doc/python-django-doc/html/**/*.html", "usr/share/doc/sphinx-doc/html/**/*.html",
        "usr/share/doc/rust-doc/html/book/**/*.html", "usr/share/doc/rust-doc/html/reference/**/*.html",
        "usr/share/doc/rust-doc/html/nomicon/**/*.html", "usr/share/doc/rust-doc/html/rust-by-example/**/*.html"]


def sources(root):
    yield "fortunes", fortunes(root)
    for pattern in HTML:
        yield "html", html_docs(root, pattern)
    yield "pod", pod_docs(root)
    yield "dict", dict_docs(root)
    yield "info", info_docs(root)


# ---- labelling ---------------------------------------------------------------------------------------------------------

def prose(sentence):
    words = sentence.split()
    if not 3 <= len(words) <= 80 or NOT_PROSE.search(sentence):
        return False
    if not re.match(r"[\"'(]?[A-Z]", sentence) or not re.search(r"[.?!][\"')]?$", sentence):
        return False
    alpha = sum(1 for w in words if re.fullmatch(r"[\"'(]*[A-Za-z][a-z']*[.,;:?!\"')]*", w))
    return alpha >= 0.85 * len(words)


def label(sentences):
    """(words, punct, case) of consecutive prose sentences, or None when a word cannot be labelled."""
    words, punct, case = [], [], []
    for token in " ".join(sentences).split():
        m = re.fullmatch(r"([\"'(\[]*)(.*?)([\"')\].,;:?!\u2014\u2013]*)", token)
        core, tail = m.group(2), m.group(3)
        spoken = normalize(core).split() if core else []
        mark = next((LABEL[c] for c in tail if c in LABEL and c != "."), 0)
        if "." in tail and mark == 0 and not (core.lower() in ABBREVIATIONS and tail.startswith(".")):
            mark = 2
        if "?" in tail:
            mark = 3
        if not spoken:
            if mark and punct and punct[-1] == 0:
                punct[-1] = mark
            continue
        letters = re.sub(r"[^A-Za-z]", "", core)
        if len(spoken) > 1 or not letters:
            c = 0 if not letters or letters.islower() else 1 if letters[0].isupper() and not letters.isupper() \
                else 2 if len(letters) > 1 and letters.isupper() else 1 if letters[0].isupper() else 0
            first = [c] + [0] * (len(spoken) - 1)
        else:
            first = [2 if len(letters) > 1 and letters.isupper() else 1 if letters[0].isupper() else 0]
        words += spoken
        case += first
        punct += [0] * (len(spoken) - 1) + [mark]
    return (words, punct, case) if words else None


def streams(paragraphs):
    """Runs of consecutive prose sentences across the paragraphs of one document."""
    run = []
    for para in paragraphs:
        text = re.sub(r"\s+", " ", html.unescape(para).replace("\u00b6", "").replace("\u2019", "'").replace("\u201c", '"')
                      .replace("\u201d", '"')).strip()
        for s in SENT_SPLIT.split(text):
            if prose(s):
                run.append(s)
            elif run:
                yield run
                run = []
    if run:
        yield run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root", help="folder the .deb files were unpacked into")
    ap.add_argument("out", help="folder for train.jsonl and test.jsonl")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    counts = collections.Counter()
    seen = set()
    with open(os.path.join(a.out, "train.jsonl"), "w") as tr, open(os.path.join(a.out, "test.jsonl"), "w") as te:
        for kind, docs in sources(a.root):
            for doc, paragraphs in docs:
                split = "test" if zlib.crc32(doc.encode()) % 25 == 0 else "train"
                for run in streams(paragraphs):
                    key = " ".join(run)
                    if key in seen:                                   # fortunes repeat between files
                        continue
                    seen.add(key)
                    lab = label(run)
                    if not lab:
                        continue
                    words, punct, case = lab
                    rec = {"src": kind, "doc": doc, "words": " ".join(words), "punct": "".join(map(str, punct)),
                           "case": "".join(map(str, case))}
                    (te if split == "test" else tr).write(json.dumps(rec) + "\n")
                    counts[split, kind] += len(words)
    for (split, kind), n in sorted(counts.items()):
        print(f"{split}\t{kind}\t{n} words")


if __name__ == "__main__":
    main()
