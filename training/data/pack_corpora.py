#!/usr/bin/env python3
"""Packs the real transcribed corpora of ../shared/data/real for the GPU host, and writes their dev manifests.

The Opus files travel as they are (24 kbit/s, ~3 kB/s: the smallest form of this speech); the host decodes them once
with `opusdec` (Debian opus-tools, carried as a .deb like the voices). Parts of at most --part-mb hold whole files,
each part a folder `OUT/pN/<corpus>/<path>`, so that a device call can carry one part beside the working tree;
`OUT/p0/index.tsv` lists every utterance (corpus, path, speaker, normalized, duration_s, split).

Splits are the corpora's own (`split` column of each manifest.tsv; ../shared/data/real/README.md): the LibriSpeech dev
speakers and the AN4 test speakers are never in a training part. Dev utterances travel too (the training log reports
their WER), but only the product's `./sws eval asr` figures are the measurement.

Also writes the evaluation manifests (path relative to the TSV, normalized text) for `./sws eval asr`:
libri-dev.tsv (the 4 LibriSpeech dev speakers) and an4-dev.tsv (AN4 test).

Pseudo-labelled speech (--pseudo TSV: id, audio path, text, speaker; e.g. from pseudo_label.py) becomes one more corpus,
`pseudo-libri` (pool `pseudo` in train.py's --mix), all of it in the training split; its audio is re-encoded to Opus
as ../shared/data/real was (ffmpeg, 24 kbit/s), so that every part decodes the same way.

Usage: pack_corpora.py --shared ../shared/data --out .device-data/corpora --manifests training/data/manifests [--pseudo TSV]
"""
import argparse
import csv
import os
import shutil
import subprocess

CORPORA = ("librispeech-train-clean-5", "an4", "ljspeech-lj002", "voxforge-en", "speech-commands")
DEV_MANIFESTS = {"librispeech-train-clean-5": "libri-dev.tsv", "an4": "an4-dev.tsv"}


def duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         capture_output=True, check=True, text=True).stdout
    return float(out.strip())


def read_manifest(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--manifests", required=True)
    ap.add_argument("--part-mb", type=float, default=44)
    ap.add_argument("--pseudo", help="TSV of pseudo-labelled utterances: id, path, text, speaker (no header)")
    a = ap.parse_args()
    real = os.path.join(os.path.abspath(a.shared), "real")
    rel = os.path.relpath(real, os.path.abspath(a.manifests))
    rows = []
    for corpus in CORPORA:
        for r in read_manifest(os.path.join(real, corpus, "manifest.tsv")):
            rows.append((corpus, r))
    pseudo = {}   # corpus-relative path -> source audio
    if a.pseudo:
        with open(a.pseudo, encoding="utf-8") as f:
            for line in f:
                uid, src, text, speaker = line.rstrip("\n").split("\t")
                path = f"{speaker}/{uid}.opus"
                pseudo[path] = src
                rows.append(("pseudo-libri", {"path": path, "speaker": speaker, "normalized": text,
                                              "duration_s": "%.3f" % duration(src), "split": "train"}))
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    limit = int(a.part_mb * 1e6)
    part, used = 0, 0
    # dev files last, so the training parts fill first and the dev part (small) can travel with the run's start
    for corpus, r in sorted(rows, key=lambda cr: cr[1]["split"] != "train"):
        src = os.path.join(real, corpus, r["path"])
        if corpus == "pseudo-libri":
            src = os.path.join(a.out, ".opus", r["path"])
            os.makedirs(os.path.dirname(src), exist_ok=True)
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", pseudo[r["path"]], "-ac", "1", "-ar", "16000", "-c:a", "libopus",
                            "-b:a", "24k", "-application", "audio", src], check=True)
        size = os.path.getsize(src)
        if used + size > limit:
            part, used = part + 1, 0
        dst = os.path.join(a.out, f"p{part}", corpus, r["path"])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        used += size
    shutil.rmtree(os.path.join(a.out, ".opus"), ignore_errors=True)
    with open(os.path.join(a.out, "p0", "index.tsv"), "w", encoding="utf-8") as f:
        f.write("corpus\tpath\tspeaker\tnormalized\tduration_s\tsplit\n")
        for corpus, r in rows:
            f.write("\t".join((corpus, r["path"], r["speaker"], r["normalized"], r["duration_s"], r["split"])) + "\n")
    os.makedirs(a.manifests, exist_ok=True)
    for corpus, name in DEV_MANIFESTS.items():
        with open(os.path.join(a.manifests, name), "w", encoding="utf-8") as f:
            f.write("path\tnormalized\n")
            for c, r in rows:
                if c == corpus and r["split"] == "dev":
                    f.write(f"{rel}/{corpus}/{r['path']}\t{r['normalized']}\n")
    for c in CORPORA + (("pseudo-libri",) if pseudo else ()):
        for split in ("train", "dev"):
            sel = [float(r["duration_s"]) for cc, r in rows if cc == c and r["split"] == split]
            if sel:
                print(f"{c:28s} {split:5s} {len(sel):5d} utterances {sum(sel) / 3600:6.3f} h")
    print(f"{part + 1} parts of <= {a.part_mb} MB in {a.out}")


if __name__ == "__main__":
    main()
