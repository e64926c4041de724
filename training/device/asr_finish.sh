#!/usr/bin/env bash
# Last device call: wait for training to finish, export to ONNX (int8 and fp32 checked), bring everything back.
W=/tmp/sws
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
for i in $(seq 1 ${WAIT_MAX:-120}); do grep -q '"finished"' $W/asr/train.log.jsonl 2>/dev/null && break; sleep 5; done
pkill -f data/synth.py || true
cat $W/shards/DONE.json 2>/dev/null; grep -h '"eval"' $W/asr/train.log.jsonl | tail -2
cd $W/training/asr
python3 check_export.py --weights $W/asr/weights.pt --real $W/real --out $W/export --int8 --limit 500 2>&1 | grep -v -i warn | tail -60
mkdir -p $OUT/asr
(cd $W/export && tar cf - int8 check.json | xz -T0 -6 > $OUT/asr/export.tar.xz)
split -b 15M -d $W/asr/weights.pt $OUT/asr/weights.pt.part
cp $W/asr/train.log.jsonl $W/synth.log $OUT/asr/; cp $W/shards/DONE.json $OUT/asr/synth_done.json 2>/dev/null
ls -la $OUT/asr
