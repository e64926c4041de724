#!/usr/bin/env bash
# Music and sound effects for the audio-class model, from Debian packages (no network besides the Debian mirror):
# hyperrogue-music (GPL-2+), drascula-music (BSD-like Drascula licence), frozen-bubble-data (GPL-2), decoded to 16 kHz
# mono 16-bit raw PCM in $1 (default /tmp/music/wav). Tracks ffmpeg cannot read are skipped.
set -uo pipefail
OUT=${1:-/tmp/music/wav}; WORK=$(dirname "$OUT"); mkdir -p "$OUT" "$WORK/root"
cd "$WORK" && apt-get download hyperrogue-music drascula-music frozen-bubble-data
for d in "$WORK"/*.deb; do dpkg -x "$d" "$WORK/root"; done
cd "$WORK/root"
one() {  # prefix file
  local n; n=$(echo "$2" | tr '/' '_'); ffmpeg -nostdin -loglevel error -y -i "$2" -ac 1 -ar 16000 -f s16le "$OUT/$1_${n%.ogg}.raw" || rm -f "$OUT/$1_${n%.ogg}.raw"
}
for f in usr/share/hyperrogue/music/*.ogg usr/share/scummvm/drascula/audio/*.ogg; do one music "$f"; done
for f in usr/share/hyperrogue/sounds/*.ogg usr/share/games/frozen-bubble/snd/*.ogg; do one sfx "$f"; done
ls "$OUT" | wc -l
