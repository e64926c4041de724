#!/usr/bin/env bash
# Device call: trains the punctuation-and-casing model (training/punct) and exports it to $OUT/model-<run>.
# Carry: .device-data/punct (python3 -m training.punct.pack's output, with vocab.txt and commit).
# RUNS: name=layers:d pairs trained side by side (default A=6:256 B=4:256); STEPS and MINUTES bound each run;
# RESUME=1 continues runs already on the machine (their ckpt.pt in /tmp/sws/punct/<run>); INIT=FILE (carried, e.g.
# .device-data/punct/weights-fp16-A.pt from an earlier call's $OUT) starts every run from those weights.
# DATA=DIR reads the packed data from DIR instead (a copy made by an earlier call, for a run started in the background).
# Usage: STEPS=16000 MINUTES=8 bash training/device/punct_train.sh
set -euo pipefail
DATA=${DATA:-.device-data/punct}
RUNS=${RUNS:-"A=6:256 B=4:256"}
mkdir -p /tmp/sws/punct "$OUT"
# the commit the runs' code came from, for their logs (the copy here has no .git): the file pack's caller wrote
export SWS_GIT_COMMIT=$(git rev-parse HEAD 2>/dev/null || cat $DATA/commit 2>/dev/null || echo unknown)
nvidia-smi --query-gpu=name,memory.used --format=csv,noheader
pids=()
for spec in $RUNS; do
  name=${spec%%=*}; shape=${spec#*=}
  python3 -m training.punct.train --data $DATA --out /tmp/sws/punct/$name --layers ${shape%%:*} --d ${shape#*:} \
    --steps "${STEPS:-16000}" --minutes "${MINUTES:-8}" ${RESUME:+--resume} ${INIT:+--init $INIT} > /tmp/sws/punct/$name.out 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
for spec in $RUNS; do
  name=${spec%%=*}
  grep '"eval"\|"stop"\|Error' /tmp/sws/punct/$name.out | tail -4
  python3 -m training.punct.export --run /tmp/sws/punct/$name --data $DATA --out "$OUT/model-$name" \
    --weights "$OUT/weights-fp16-$name.pt" 2>&1 | grep -v Warning | tail -2
  cp /tmp/sws/punct/$name/train.log.jsonl /tmp/sws/punct/$name/export.json "$OUT/model-$name/"
done
