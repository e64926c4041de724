#!/usr/bin/env python3
"""Writes or refreshes models/<id>/manifest.json: lists every file with its size and SHA-256, keeping the
descriptive fields (and metrics/card) of an existing manifest or of --base JSON.

Usage: write_manifest.py MODEL_DIR [--base base.json]
"""
import argparse
import hashlib
import json
import os


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--base")
    a = ap.parse_args()
    mf = os.path.join(a.dir, "manifest.json")
    base = {}
    if os.path.exists(mf):
        base = json.load(open(mf))
    if a.base:
        base.update(json.load(open(a.base)))
    files = []
    for root, _, names in os.walk(a.dir):
        for n in sorted(names):
            p = os.path.join(root, n)
            rel = os.path.relpath(p, a.dir)
            if rel == "manifest.json" or rel.startswith("."):
                continue
            files.append({"path": rel, "sha256": sha256(p), "size": os.path.getsize(p)})
    base["files"] = sorted(files, key=lambda f: f["path"])
    with open(mf, "w") as f:
        json.dump(base, f, indent=2)
        f.write("\n")
    print(mf, len(files), "files")


if __name__ == "__main__":
    main()
