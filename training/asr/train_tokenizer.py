#!/usr/bin/env python3
"""Trains the BPE vocabulary of the house ASR model (sentencepiece, 256 pieces, no BOS/EOS, <unk> = 0, as NeMo's
BPE models). Input: the synthetic corpus plus the training-split transcripts (never the dev split)."""
import argparse
import json
import os

import sentencepiece as spm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--real", required=True, help="folder with allison_train.json / fsdd_train.json")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "tokenizer", "bpe256"))
    ap.add_argument("--vocab", type=int, default=256)
    a = ap.parse_args()
    text = a.out + ".train.txt"
    with open(text, "w") as f:
        for line in open(a.corpus):
            f.write(line)
        for name in ("allison_train", "fsdd_train"):
            for t in json.load(open(os.path.join(a.real, name + ".json")))["texts"]:
                f.write(t + "\n")
    spm.SentencePieceTrainer.train(input=text, model_prefix=a.out, vocab_size=a.vocab, model_type="bpe",
                                   character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=0, pad_id=-1,
                                   input_sentence_size=2000000, shuffle_input_sentence=True, num_threads=2)
    os.remove(text)


if __name__ == "__main__":
    main()
