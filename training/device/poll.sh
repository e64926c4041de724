#!/usr/bin/env bash
# Device calls while training runs: wait, show progress, bring back the latest weights in 15 MiB pieces.
W=/tmp/sws
sleep ${1:-540}
tail -3 $W/synth.log; grep -h '"eval"' $W/asr/train.log.jsonl | tail -3; tail -2 $W/train.out
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
if [ -f $W/asr/weights.pt ]; then
  mkdir -p $OUT/asr && split -b 15M -d $W/asr/weights.pt $OUT/asr/weights.pt.part && cp $W/asr/train.log.jsonl $OUT/asr/
fi
ls -la $OUT/asr 2>/dev/null
