#!/usr/bin/env bash
# Soak test of `sws batch`: a folder of mixed good and bad files (about HOURS of real speech from ../shared/data/real,
# joined into files of 1-3 minutes, plus damaged and non-audio files) is transcribed once without interruption, then
# again while SIGTERM and SIGKILL arrive at random moments (INTERRUPTIONS times, alternating), each time followed by a
# plain rerun, until the job finishes. Passes when the interrupted run's outputs equal the uninterrupted run's byte for
# byte, every bad file is reported failed, and nothing else (temporary or partial files) is left in the output folder.
# Usage: tools/batch-soak.sh WORKDIR [INTERRUPTIONS=12] [HOURS=2] [SEED=1]
set -uo pipefail
work=${1:?usage: tools/batch-soak.sh WORKDIR [INTERRUPTIONS] [HOURS] [SEED]}
n=${2:-12}; hours=${3:-2}; RANDOM=${4:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
real=${SWS_SHARED:-$root/../shared}/data/real/librispeech-train-clean-5
[ -d "$real" ] || { echo "the real speech corpus is not at $real"; exit 2; }
in=$work/in; mkdir -p "$in/talks" "$work/logs"
sws() { "$root/sws" "$@"; }   # in the foreground only: a function in the background is a subshell, not the JVM
formats=txt,srt,vtt

if [ ! -f "$in/.built" ]; then
  # good files: consecutive utterances of one reader joined into 1-3 minute files (opus, mp3, flac, wav)
  awk -F'\t' 'NR>1 {print $2"\t"$1"\t"$5}' "$real/manifest.tsv" > "$work/utts.tsv"
  total=0; k=0; exts=(flac mp3 opus wav)
  while [ "$(echo "$total < $hours * 3600" | bc)" = 1 ]; do
    want=$((60 + RANDOM % 120)); got=0; : > "$work/list.txt"
    while IFS=$'\t' read -r spk path dur; do
      echo "file '$real/$path'" >> "$work/list.txt"; got=$(echo "$got + $dur" | bc)
      [ "$(echo "$got >= $want" | bc)" = 1 ] && break
    done < <(awk -v s=$((k * 17 % 1500)) 'NR > s' "$work/utts.tsv")
    ext=${exts[$((k % 4))]}
    ffmpeg -nostdin -v error -f concat -safe 0 -i "$work/list.txt" -ac 1 -ar 16000 "$in/talks/talk-$k.$ext" || exit 1
    total=$(echo "$total + $got" | bc); k=$((k + 1))
  done
  # bad files: truncated, empty, text with an audio name, random bytes, a WAV header that claims 1 Hz
  head -c 20000 "$in/talks/talk-0.flac" > "$in/broken-truncated.flac"
  : > "$in/empty.mp3"
  echo "this is not audio" > "$in/notes.wav"
  head -c 100000 /dev/urandom > "$in/noise.opus"
  printf 'RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x01\x00\x00\x00\x02\x00\x00\x00\x02\x00\x10\x00data\x00\x10\x00\x00' > "$in/one-hertz.wav"
  head -c 4096 /dev/urandom >> "$in/one-hertz.wav"
  touch "$in/.built"
  echo "input: $k files, $(printf '%.2f' "$(echo "$total / 3600" | bc -l)") h of speech, 5 bad files"
fi

t0=$(date +%s)
rm -rf "$work/ref" "$work/ref.db"
sws batch "$in" --out "$work/ref" --formats $formats --db "$work/ref.db" --workers 2 > "$work/logs/ref.log" 2>&1
echo "uninterrupted run: exit $? in $(( $(date +%s) - t0 )) s"

rm -rf "$work/out" "$work/soak.db"
t0=$(date +%s); i=0; runs=0
while :; do
  # the launcher execs the JVM, so $! is the JVM itself
  "$root/sws" batch "$in" --out "$work/out" --formats $formats --db "$work/soak.db" --workers 2 > "$work/logs/run-$runs.log" 2>&1 &
  pid=$!; runs=$((runs + 1))
  if [ $i -lt "$n" ]; then
    sleep $((3 + RANDOM % 13))
    if kill -0 $pid 2>/dev/null; then
      sig=$([ $((i % 2)) = 0 ] && echo TERM || echo KILL)
      # the JVM is the child of the sws launcher script (exec): signal the process itself
      kill -s $sig $pid; wait $pid; rc=$?
      i=$((i + 1)); echo "interruption $i: SIG$sig, exit $rc"
      continue
    fi
  fi
  wait $pid; rc=$?
  echo "run $runs finished: exit $rc"
  [ $i -ge "$n" ] && break
done
echo "interrupted run: $runs runs, $i interruptions, $(( $(date +%s) - t0 )) s"

fail=0
diff -r -q "$work/ref" "$work/out" && echo "outputs identical to the uninterrupted run ($(find "$work/out" -type f | wc -l) files)" || { echo "OUTPUTS DIFFER"; fail=1; }
left=$(find "$work/out" -type f ! -name '*.txt' ! -name '*.srt' ! -name '*.vtt' | head)
[ -z "$left" ] && echo "nothing else in the output folder" || { echo "LEFT BEHIND: $left"; fail=1; }
sws batch --list --db "$work/soak.db" | tail -3
echo "bad files reported (FAILED, one sentence each):"
grep -h "^FAILED" "$work"/logs/run-*.log | sort -u | sed 's/^/  /'
grep -h "truncated or damaged" "$work"/logs/run-*.log | sort -u | sed 's/^/  /'
exit $fail
