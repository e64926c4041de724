#!/usr/bin/env bash
# Last device call: wait for run TAG to finish and bring back its weights (15 MiB pieces) and logs. The ONNX export,
# int8 weight compression and evaluation run on the developer machine (training/asr/export.py, compress.py, and
# `./sws eval asr`), where the Java engine checks them.
W=/tmp/sws; TAG=${TAG:?}
for i in $(seq 1 ${WAIT_MAX:-120}); do grep -q '"finished"' $W/asr-$TAG/train.log.jsonl 2>/dev/null && break; sleep 5; done
pkill -f data/synth.py || true
cat $W/shards/DONE.json 2>/dev/null; grep -h '"eval"' $W/asr-$TAG/train.log.jsonl | tail -3
mkdir -p $OUT/asr
split -b 15M -d $W/asr-$TAG/weights.pt $OUT/asr/weights.pt.part
cp $W/asr-$TAG/train.log.jsonl $OUT/asr/; cp $W/synth.log $OUT/asr/ 2>/dev/null; cp $W/shards/DONE.json $OUT/asr/synth_done.json 2>/dev/null
ls -la $OUT/asr
