#!/usr/bin/env python3
"""Synthetic training speech from the obtainable voices, generated in parallel into shards.

Voices (all from Debian packages, unpacked with dpkg -x under DEBROOT; on Debian the system ones are used):
  * flite 2.2: kal (8 kHz diphone), kal16, awb, rms, slt (clustergen), with random duration stretch and
    f0 mean/stddev,
  * festival 2.5: cmu_us_slt_arctic_hts, kal_diphone,
  * espeak-ng 1.51: English dialects x voice variants (+m1..+m7, +f1..+f5, ...), random speed and pitch.
Each sentence of the corpus is read once by a random voice (weights below). Output: shards
OUT/shard-NNNNN.npz holding 16 kHz int16 audio concatenated, offsets, normalised texts and voice names,
written atomically so a reader (the trainer) can pick them up while generation continues.

Usage: synth.py --corpus corpus.txt --out DIR --hours H [--workers N] [--debroot DIR] [--skip N] [--join-share P]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
from scipy.signal import resample_poly

ESPEAK_DIALECTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029",
                   "en-us-nyc"]
ESPEAK_VARIANTS = ["", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m7", "+f1", "+f2", "+f3", "+f4", "+f5", "+klatt",
                   "+klatt2", "+klatt3", "+croak", "+Andy", "+Annie", "+Denis", "+Gene", "+Jacky", "+Lee", "+Mario",
                   "+Michael", "+Mr serious", "+Storm", "+Tweaky", "+aunty", "+boris", "+edward", "+iven", "+john",
                   "+kaukovalta", "+linda", "+max", "+norbert", "+robert", "+steph", "+travis", "+zac"]
F0 = {"awb": 110, "rms": 100, "slt": 175, "kal": 105, "kal16": 105}

# relative share of the hours per engine family
WEIGHTS = {"flite-cg": 0.40, "flite-kal": 0.10, "festival": 0.25, "espeak": 0.25}


class Env:
    def __init__(self, debroot):
        self.root = debroot
        if debroot:
            lib = ":".join(os.path.join(debroot, p) for p in ("usr/lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu/pulseaudio", "lib/x86_64-linux-gnu", "usr/lib"))
            self.env = dict(os.environ, LD_LIBRARY_PATH=lib + ":" + os.environ.get("LD_LIBRARY_PATH", ""))
            self.flite = os.path.join(debroot, "usr/bin/flite")
            self.espeak = os.path.join(debroot, "usr/bin/espeak-ng")
            self.espeak_data = os.path.join(debroot, "usr/lib/x86_64-linux-gnu/espeak-ng-data")
            self.festival = os.path.join(debroot, "usr/bin/festival")
            self.festival_lib = os.path.join(debroot, "usr/share/festival")
        else:
            self.env = dict(os.environ)
            self.flite, self.espeak, self.festival = "flite", "espeak-ng", "festival"
            self.espeak_data = None
            self.festival_lib = None


def read_wav(path):
    with wave.open(path, "rb") as w:
        sr, ch, n = w.getframerate(), w.getnchannels(), w.getnframes()
        x = np.frombuffer(w.readframes(n), dtype="<i2").astype(np.float32)
        if ch > 1:
            x = x.reshape(-1, ch).mean(1)
    return x, sr


def to16k(x, sr):
    if sr != 16000:
        g = np.gcd(int(sr), 16000)
        x = resample_poly(x, 16000 // g, int(sr) // g)
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


def self_test(debroot):
    """Synthesises one sentence with each engine family; returns the families that work (and prints why not)."""
    env = Env(debroot)
    ok = {}
    with tempfile.TemporaryDirectory() as tmp:
        tests = {"flite-cg": lambda p: synth_flite(env, {"voice": "slt", "stretch": 1, "f0": 170, "f0std": 20}, "hello there", p),
                 "flite-kal": lambda p: synth_flite(env, {"voice": "kal16", "stretch": 1, "f0": 105, "f0std": 20}, "hello there", p),
                 "espeak": lambda p: synth_espeak(env, {"voice": "en-us", "speed": 160, "pitch": 50}, "hello there", p),
                 "festival": lambda p: synth_festival_batch(env, [("voice_kal_diphone", 1.0, "hello there", p)], tmp)}
        for fam, fn in tests.items():
            path = os.path.join(tmp, fam + ".wav")
            try:
                fn(path)
                x, sr = read_wav(path)
                ok[fam] = len(x) > sr * 0.2
                if not ok[fam]:
                    print(f"self-test {fam}: empty output", file=sys.stderr)
            except Exception as e:
                ok[fam] = False
                print(f"self-test {fam} failed: {e}", file=sys.stderr)
    return ok


def pick_voice(rng):
    r = rng.random()
    acc = 0.0
    for fam, w in WEIGHTS.items():
        acc += w
        if r < acc:
            break
    if fam == "flite-cg":
        v = rng.choice(["awb", "rms", "slt"])
        return {"engine": "flite", "voice": v, "stretch": round(rng.uniform(0.85, 1.25), 3),
                "f0": round(F0[v] * rng.uniform(0.8, 1.25), 1), "f0std": round(rng.uniform(8, 40), 1)}
    if fam == "flite-kal":
        v = rng.choice(["kal", "kal16"])
        return {"engine": "flite", "voice": v, "stretch": round(rng.uniform(0.85, 1.25), 3),
                "f0": round(F0[v] * rng.uniform(0.8, 1.3), 1), "f0std": round(rng.uniform(8, 30), 1)}
    if fam == "festival":
        return {"engine": "festival", "voice": rng.choice(["voice_cmu_us_slt_arctic_hts", "voice_kal_diphone"]),
                "stretch": round(rng.uniform(0.85, 1.2), 3)}
    return {"engine": "espeak", "voice": rng.choice(ESPEAK_DIALECTS) + rng.choice(ESPEAK_VARIANTS),
            "speed": rng.randint(120, 195), "pitch": rng.randint(20, 80)}


def voice_name(v):
    if v["engine"] == "espeak":
        return "espeak:" + v["voice"]
    return v["engine"] + ":" + v["voice"]


def synth_flite(env, v, text, out):
    cmd = [env.flite, "-voice", v["voice"], "--setf", f"duration_stretch={v['stretch']}",
           "--setf", f"int_f0_target_mean={v['f0']}", "--setf", f"int_f0_target_stddev={v['f0std']}", "-t", text, "-o", out]
    subprocess.run(cmd, env=env.env, check=True, capture_output=True, timeout=60)


def synth_espeak(env, v, text, out):
    cmd = [env.espeak, "-v", v["voice"], "-s", str(v["speed"]), "-p", str(v["pitch"]), "-w", out, text]
    if env.espeak_data:
        cmd[1:1] = ["--path=" + os.path.dirname(env.espeak_data)]
    subprocess.run(cmd, env=env.env, check=True, capture_output=True, timeout=60)


def synth_festival_batch(env, jobs, tmpdir):
    """jobs: list of (voice, stretch, text, outpath) sharing one festival process (saves start-up time)."""
    lines = []
    for voice, stretch, text, out in jobs:
        t = text.replace("\\", " ").replace('"', " ")
        lines.append(f'({voice})(Parameter.set \'Duration_Stretch {stretch})'
                     f'(utt.save.wave (utt.synth (Utterance Text "{t}")) "{out}" \'riff)')
    script = os.path.join(tmpdir, "batch.scm")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    cmd = [env.festival, "--batch", script]
    if env.festival_lib:
        cmd[1:1] = ["--libdir", env.festival_lib]
    return subprocess.run(cmd, env=env.env, check=False, capture_output=True, timeout=600)


def work(args):
    """Synthesises one chunk of (text, voice) jobs; returns list of (int16 audio, text, voice)."""
    chunk, debroot, seed = args
    env = Env(debroot)
    out = []
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        fest = []
        for i, (text, v) in enumerate(chunk):
            path = os.path.join(tmp, f"{i}.wav")
            try:
                if v["engine"] == "flite":
                    synth_flite(env, v, text, path)
                elif v["engine"] == "espeak":
                    synth_espeak(env, v, text, path)
                else:
                    fest.append((v["voice"], v["stretch"], text, path, i))
                    continue
                x, sr = read_wav(path)
                out.append((to16k(x, sr), text, voice_name(v)))
            except Exception as e:  # a voice failing on one sentence must not stop the shard
                print(f"skip {voice_name(v)}: {e}", file=sys.stderr)
        if fest:
            synth_festival_batch(env, [f[:4] for f in fest], tmp)
            for voice, stretch, text, path, i in fest:
                try:
                    x, sr = read_wav(path)
                    out.append((to16k(x, sr), text, "festival:" + voice.replace("voice_", "")))
                except Exception as e:
                    print(f"skip festival {voice}: {e}", file=sys.stderr)
    return out


def write_shard(path, items):
    audio = np.concatenate([a for a, _, _ in items]) if items else np.zeros(0, np.int16)
    offsets = np.cumsum([0] + [len(a) for a, _, _ in items]).astype(np.int64)
    tmp = path + ".tmp.npz"
    np.savez(tmp, audio=audio, offsets=offsets, texts=np.array([t for _, t, _ in items]),
             voices=np.array([v for _, _, v in items]))
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--hours", type=float, default=60)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--debroot", default=None)
    ap.add_argument("--skip", type=int, default=0, help="corpus lines to skip (held out)")
    ap.add_argument("--chunk", type=int, default=48)
    ap.add_argument("--shard-hours", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--prefix", default="shard-")
    ap.add_argument("--join-share", type=float, default=0.0,
                    help="share of utterances that read two corpus sentences in one go, one voice throughout (longer"
                         " utterances: the TTS clones from a reference of ~5 s followed by the new text)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    working = self_test(a.debroot)
    print(json.dumps({"engines": working}), flush=True)
    for fam, good in working.items():
        if not good:
            WEIGHTS[fam] = 0.0
    total_w = sum(WEIGHTS.values())
    for fam in WEIGHTS:
        WEIGHTS[fam] /= total_w
    rng = random.Random(a.seed)
    with open(a.corpus, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip()][a.skip:]
    rng.shuffle(lines)
    # ~2.6 words per second of synthetic speech; generate enough sentences for the target hours
    words_needed = a.hours * 3600 * 2.6
    jobs, words = [], 0
    pending = iter(lines)
    for line in pending:
        if a.join_share > 0 and rng.random() < a.join_share:
            line = line + " " + next(pending, "")
        jobs.append((line.strip(), pick_voice(rng)))
        words += len(line.split())
        if words >= words_needed:
            break
    chunks = [jobs[i:i + a.chunk] for i in range(0, len(jobs), a.chunk)]
    print(json.dumps({"sentences": len(jobs), "chunks": len(chunks), "workers": a.workers}), flush=True)
    t0 = time.time()
    shard, items, samples, total = 0, [], 0, 0
    per_voice = {}
    with ProcessPoolExecutor(a.workers) as ex:
        futs = [ex.submit(work, (c, a.debroot, a.seed + i)) for i, c in enumerate(chunks)]
        for fut in as_completed(futs):
            for audio, text, voice in fut.result():
                items.append((audio, text, voice))
                samples += len(audio)
                per_voice[voice.split(":")[0] + ":" + voice.split(":")[1].split("+")[0]] = per_voice.get(voice.split(":")[0] + ":" + voice.split(":")[1].split("+")[0], 0) + len(audio) / 16000 / 3600
            if samples >= a.shard_hours * 3600 * 16000:
                write_shard(os.path.join(a.out, f"{a.prefix}{shard:05d}.npz"), items)
                total += samples
                print(json.dumps({"shard": shard, "hours_total": round(total / 16000 / 3600, 2),
                                  "elapsed_s": round(time.time() - t0, 1)}), flush=True)
                shard, items, samples = shard + 1, [], 0
    if items:
        write_shard(os.path.join(a.out, f"{a.prefix}{shard:05d}.npz"), items)
        total += samples
    with open(os.path.join(a.out, "DONE.json"), "w") as f:
        json.dump({"hours": total / 16000 / 3600, "seconds": time.time() - t0,
                   "hours_per_voice": {k: round(v, 3) for k, v in sorted(per_voice.items())}}, f, indent=1)
    print("done", round(total / 16000 / 3600, 2), "hours in", round(time.time() - t0), "s", flush=True)


if __name__ == "__main__":
    main()
