#!/usr/bin/env python3
"""Where a recording's time went: the share of a JFR recording's samples (Java and native, on the named threads) per
part of the pipeline, each sample given to the first part whose name appears in its stack.

Usage: SWS_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/x.jfr,settings=profile" ./sws …
       python3 tools/jfr_share.py /tmp/x.jfr [--threads sws-cli,main]
"""
import argparse
import collections
import re
import subprocess

PARTS = [("StreamingEncoder", "encoder (ONNX Runtime)"), ("Punctuat", "punctuation"), ("Silero", "speech gate (VAD)"),
         ("SpeechGate", "speech gate (VAD)"), ("TransducerBeamSearch", "beam search, decoder and joiner"),
         ("NgramLm", "beam search, decoder and joiner"), ("resample", "resampling"),
         ("OnlineFeatureExtractor", "features"), ("MelFrontend", "features"), ("AudioReader", "audio decoding"),
         ("avcodec", "audio decoding"), ("createSession", "model loading"), ("TranscriptExporter", "writing outputs"),
         ("JobStore", "job store")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jfr")
    ap.add_argument("--threads", default="sws-cli,main")
    ap.add_argument("--jfr-tool", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr")
    a = ap.parse_args()
    text = subprocess.run([a.jfr_tool, "print", "--stack-depth", "64", "--events",
                           "jdk.ExecutionSample,jdk.NativeMethodSample", a.jfr], capture_output=True, text=True).stdout
    threads = set(a.threads.split(","))
    share = collections.Counter()
    n = 0
    for e in re.split(r"jdk\.(?:ExecutionSample|NativeMethodSample) \{", text)[1:]:
        th = re.search(r'sampledThread = "([^"]+)"', e)
        frames = " ".join(re.findall(r"^\s+([\w.$<>]+)\(", e, re.M))
        if not frames or (th and th.group(1) not in threads):
            continue
        n += 1
        share[next((label for key, label in PARTS if key in frames), "other")] += 1
    print(f"{n} samples on {', '.join(sorted(threads))}")
    for label, c in share.most_common():
        print(f"{100 * c / max(1, n):5.1f} %  {label}")


if __name__ == "__main__":
    main()
