#!/usr/bin/env python3
"""Packs corpus.py's JSON lines into arrays the trainer reads, and starts the model's piece embeddings from BERT's.

Words are split into BERT uncased WordPiece pieces exactly as dev.sws.asr.mlm.WordPiece does for the recogniser's
words (lowercase a-z and apostrophes: an apostrophe is a piece of its own, then greedy longest match; a word that
cannot be spelled is [UNK]). PunctuatorTest checks the Java side against golden.json, written here.

Out (one .npz per split): pieces uint16 (all pieces), word_start int32 (n_words + 1 offsets into pieces),
punct uint8, case uint8 (per word), stream_start int32 (n_streams + 1 offsets into words).
With --bert DIR (the installed bert-base-uncased-mlm: model.onnx pointing into its variables file) also
embed_init.npy: the word-piece embedding table projected on its first --dim principal components (float16).

Usage: python3 -m training.punct.pack CORPUS_DIR VOCAB.txt OUT_DIR [--bert DIR --dim 128]
"""
import argparse
import json
import os

import numpy as np


class WordPiece:
    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            self.pieces = [line.rstrip("\n") for line in f]
        self.ids = {}
        for i, p in enumerate(self.pieces):
            self.ids.setdefault(p, i)
        self.unk = self.ids["[UNK]"]
        self.cache = {}

    def word(self, word):
        """The pieces of one recogniser word (a-z and apostrophes)."""
        got = self.cache.get(word)
        if got is None:
            got = []
            cur = ""
            for ch in word:
                if ch == "'":
                    if cur:
                        got += self._pieces(cur)
                    got.append(self.ids["'"])
                    cur = ""
                else:
                    cur += ch
            if cur:
                got += self._pieces(cur)
            self.cache[word] = got
        return got

    def _pieces(self, token):
        if len(token) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(token):
            end, found = len(token), None
            while start < end:
                sub = token[start:end] if start == 0 else "##" + token[start:end]
                if sub in self.ids:
                    found = self.ids[sub]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out


def pack(path, wp):
    pieces, word_start, punct, case, stream_start = [], [0], [], [], [0]
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            for w in r["words"].split():
                pieces += wp.word(w)
                word_start.append(len(pieces))
            punct += [int(c) for c in r["punct"]]
            case += [int(c) for c in r["case"]]
            stream_start.append(len(punct))
    return dict(pieces=np.array(pieces, np.uint16), word_start=np.array(word_start, np.int32),
                punct=np.array(punct, np.uint8), case=np.array(case, np.uint8),
                stream_start=np.array(stream_start, np.int32))


def bert_embeddings(bert_dir):
    import onnx
    m = onnx.load(os.path.join(bert_dir, "model.onnx"), load_external_data=False)
    t = next(t for t in m.graph.initializer if t.name.endswith("embeddings/word_embeddings"))
    ext = {e.key: e.value for e in t.external_data}
    data = np.fromfile(os.path.join(bert_dir, ext["location"]), dtype="<f4", count=int(ext["length"]) // 4,
                       offset=int(ext["offset"]))
    return data.reshape(list(t.dims))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("vocab")
    ap.add_argument("out")
    ap.add_argument("--bert")
    ap.add_argument("--dim", type=int, default=128)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    wp = WordPiece(a.vocab)
    for split in ("train", "test"):
        arrays = pack(os.path.join(a.corpus, split + ".jsonl"), wp)
        np.savez_compressed(os.path.join(a.out, split + ".npz"), **arrays)
        print(f"{split}: {len(arrays['punct'])} words, {len(arrays['pieces'])} pieces, "
              f"{len(arrays['stream_start']) - 1} streams; punct {np.bincount(arrays['punct'], minlength=4)}, "
              f"case {np.bincount(arrays['case'], minlength=3)}")
    golden = ["hello how are you", "i don't know what o'clock it is", "the quick brown fox jumps over the lazy dog",
              "zzzzqx supercalifragilistic postgresql", "we'll see ''"]
    with open(os.path.join(a.out, "golden.json"), "w") as f:
        json.dump([{"words": g, "pieces": [wp.word(w) for w in g.split()]} for g in golden], f)
    if a.bert:
        e = bert_embeddings(a.bert).astype(np.float64)
        e -= e.mean(axis=0)
        _, s, vt = np.linalg.svd(e, full_matrices=False)
        proj = e @ vt[:a.dim].T
        proj /= proj.std()
        np.save(os.path.join(a.out, "embed_init.npy"), proj.astype(np.float16))
        print(f"embed_init: {proj.shape}, variance kept {(s[:a.dim] ** 2).sum() / (s ** 2).sum():.2f}")


if __name__ == "__main__":
    main()
