#!/usr/bin/env bash
# Device calls while the TTS trainings run: wait $1 s, show progress; BRING="speaker vocoder" (or 1: all) also brings back
# those models' fp16 weights (15 MiB pieces) and logs into $OUT/tts.
W=/tmp/sws
# BUDGET=N (minutes) replaces the velocity round's budget; its learning-rate schedule follows
[ -n "${BUDGET:-}" ] && echo "$BUDGET" > $W/tts-velocity/budget_min
sleep ${1:-40}
tail -1 $W/synth.log
for m in velocity vocoder speaker; do
  echo "== $m"; grep -h '"eval"' $W/tts-$m/train.log.jsonl 2>/dev/null | tail -1 | cut -c1-300
  tail -1 $W/tts-$m/train.log.jsonl 2>/dev/null | cut -c1-300; grep -h Error $W/tts-$m.out | tail -2
done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
if [ -n "${BRING:-}" ]; then
  mkdir -p $OUT/tts
  for m in velocity vocoder speaker; do
    case " ${BRING} " in *" $m "*|" 1 ") ;; *) continue ;; esac
    [ -f $W/tts-$m/weights.pt ] && split -b 15M -d $W/tts-$m/weights.pt $OUT/tts/$m.pt.part && cp $W/tts-$m/train.log.jsonl $OUT/tts/$m.log.jsonl
  done
  ls -la $OUT/tts
fi
