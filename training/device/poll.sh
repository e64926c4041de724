#!/usr/bin/env bash
# Device calls while training runs: wait, show every run's progress; KILL="A B" stops runs; BRING=tag brings back
# that run's latest weights in 15 MiB pieces.
W=/tmp/sws
for t in ${KILL:-}; do pkill -f "^python3 train.py --work $W/asr-$t " && echo "stopped $t"; done
sleep ${1:-540}
tail -2 $W/synth.log
for d in $W/asr-*; do
  echo "== $d"; grep -h '"eval"' $d/train.log.jsonl | tail -2 | cut -c1-420; tail -1 $d/train.log.jsonl | cut -c1-220
done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
if [ -n "${BRING:-}" ] && [ -f $W/asr-$BRING/weights.pt ]; then
  mkdir -p $OUT/asr && split -b 15M -d $W/asr-$BRING/weights.pt $OUT/asr/weights.pt.part && cp $W/asr-$BRING/train.log.jsonl $OUT/asr/
fi
ls -la $OUT/asr 2>/dev/null
