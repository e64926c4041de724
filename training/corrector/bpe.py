"""Byte-level BPE in the Hugging Face `tokenizer.json` layout that Qwen2 uses (NFC, a split regex, ByteLevel, BPE).

Training, encoding and writing happen here without the `tokenizers` package (not installable from the
registries we reach); the Java side loads the written `tokenizer.json` with DJL's HF tokenizers, and a Java
test checks that both produce the same ids for the strings in `golden.json`.

The split regex is Qwen2's, written for the ASCII text the recipes produce (lowercase words, digits, apostrophes,
spaces); `encode` refuses other characters rather than guessing how the Unicode classes would split them.
"""
import collections
import json
import re

# Qwen2: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
               r"\s*[\r\n]+|\s+(?!\S)|\s+")
_ASCII_SPLIT = re.compile(r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\na-zA-Z0-9]?[a-zA-Z]+|[0-9]| ?[^\sa-zA-Z0-9]+[\r\n]*|"
                          r"\s*[\r\n]+|\s+(?!\S)|\s+")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


B2U = bytes_to_unicode()


def pre_tokenize(text):
    if any(ord(c) > 127 for c in text):
        raise ValueError("non-ASCII text: " + repr(text))
    return ["".join(B2U[b] for b in piece.encode()) for piece in _ASCII_SPLIT.findall(text)]


def train(lines, n_merges, min_count=2):
    """Standard BPE on pre-tokenized words; incremental pair counts so a few thousand merges take seconds."""
    words = collections.Counter()
    for line in lines:
        words.update(pre_tokenize(line))
    vocab = [list(w) for w in words]
    freq = list(words.values())
    pairs = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(vocab):
        for a, b in zip(w, w[1:]):
            pairs[a, b] += freq[i]
            where[a, b].add(i)
    merges = []
    while len(merges) < n_merges and pairs:
        (a, b), c = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if c < min_count:
            break
        merges.append((a, b))
        for i in list(where[a, b]):
            w, f = vocab[i], freq[i]
            for x, y in zip(w, w[1:]):
                pairs[x, y] -= f
                if pairs[x, y] <= 0:
                    del pairs[x, y]
            j, out = 0, []
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            vocab[i] = out
            for x, y in zip(out, out[1:]):
                pairs[x, y] += f
                where[x, y].add(i)
        where.pop((a, b), None)
    return merges


class Tokenizer:
    def __init__(self, merges, specials):
        base = [B2U[b] for b in range(256)]
        base.sort(key=lambda ch: ord(ch))
        self.vocab = {ch: i for i, ch in enumerate(base)}
        for a, b in merges:
            self.vocab.setdefault(a + b, len(self.vocab))
        self.merges = [tuple(m) for m in merges]
        self.rank = {m: r for r, m in enumerate(self.merges)}
        self.specials = {}
        for s in specials:
            self.specials[s] = len(self.vocab) + len(self.specials)
        self.inv = {i: t for t, i in self.vocab.items()}
        self.inv.update({i: s for s, i in self.specials.items()})
        self.u2b = {u: b for b, u in B2U.items()}
        self._cache = {}

    def __len__(self):
        return len(self.vocab) + len(self.specials)

    def _bpe(self, word):
        if word in self._cache:
            return self._cache[word]
        sym = list(word)
        while len(sym) > 1:
            best = min(((self.rank.get((x, y), 1 << 30), k) for k, (x, y) in enumerate(zip(sym, sym[1:]))))
            if best[0] == 1 << 30:
                break
            k = best[1]
            sym[k:k + 2] = [sym[k] + sym[k + 1]]
        ids = [self.vocab[s] for s in sym]
        self._cache[word] = ids
        return ids

    def encode(self, text):
        """Text with special tokens written inline (as HF added tokens are split out first)."""
        if not self.specials:
            return [i for w in pre_tokenize(text) for i in self._bpe(w)]
        pat = "(" + "|".join(re.escape(s) for s in sorted(self.specials, key=len, reverse=True)) + ")"
        out = []
        for part in re.split(pat, text):
            if part in self.specials:
                out.append(self.specials[part])
            elif part:
                out += [i for w in pre_tokenize(part) for i in self._bpe(w)]
        return out

    def decode(self, ids, skip_special=True):
        text, buf = [], []
        for i in ids:
            t = self.inv[i]
            if i in self.specials.values():
                if buf:
                    text.append(bytes(buf).decode(errors="replace"))
                    buf = []
                if not skip_special:
                    text.append(t)
            else:
                buf += [self.u2b[c] for c in t]
        if buf:
            text.append(bytes(buf).decode(errors="replace"))
        return "".join(text)

    def to_json(self):
        added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                  "normalized": False, "special": True} for s, i in self.specials.items()]
        return {
            "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
            "normalizer": {"type": "NFC"},
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": QWEN2_SPLIT}, "behavior": "Isolated", "invert": False},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                               "use_regex": False},
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                      "vocab": self.vocab, "merges": [a + " " + b for a, b in self.merges]},
        }

    def save(self, path):
        with open(path, "w") as f:
            json.dump(self.to_json(), f, ensure_ascii=False)

    @staticmethod
    def load(path):
        d = json.load(open(path))
        merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in d["model"]["merges"]]
        specials = [t["content"] for t in sorted(d["added_tokens"], key=lambda t: t["id"])]
        tok = Tokenizer(merges, specials)
        if tok.vocab != d["model"]["vocab"]:
            raise ValueError("vocabulary in " + path + " is not the one its merges produce")
        return tok
