#!/usr/bin/env bash
# Device call between the others: copies a carried folder (one that would not fit in the same call as the rest)
# into the machine's work folder. Usage: stash.sh .device-data/libri_a real    (carry: .device-data/libri_a)
set -euo pipefail
mkdir -p /tmp/sws/$2 && cp -rn $1/. /tmp/sws/$2/ && du -sh /tmp/sws/$2 && ls /tmp/sws/$2 | head
