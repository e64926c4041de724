#!/usr/bin/env bash
# Last device call of a round: waits for ASR run TAG and the codec run to finish, brings back their weights (fp16,
# 15 MiB pieces) and logs: at most 8 files in $OUT/asr and $OUT/codec. The ONNX export, compression and evaluation
# run on the developer machine, where the Java engines check them.
W=/tmp/sws; TAG=${TAG:?}
for i in $(seq 1 ${WAIT_MAX:-120}); do
  a=0; c=0
  grep -q '"finished"' $W/asr-$TAG/train.log.jsonl 2>/dev/null && a=1
  { [ ! -d $W/codec ] || grep -q '"finished"' $W/codec/train.log.jsonl 2>/dev/null; } && c=1
  k=1; [ -d $W/corrector ] && ! grep -q '"finished"' $W/corrector/train.log.jsonl 2>/dev/null && k=0
  [ $a$c$k = 111 ] && break; sleep 5
done
pkill -f data/synth.py || true; pkill -f training.corrector.make_pairs || true
grep -h '"eval"' $W/asr-$TAG/train.log.jsonl | tail -2 | cut -c1-300
mkdir -p $OUT/asr
python3 -c "
import torch,sys; w=torch.load(sys.argv[1],map_location='cpu')
w['model']={k:(v.half() if v.is_floating_point() else v) for k,v in w['model'].items()}; torch.save(w,sys.argv[2])" \
  $W/asr-$TAG/weights.pt $W/asr16.pt
split -b 15M -d $W/asr16.pt $OUT/asr/weights.pt.part
cp $W/asr-$TAG/train.log.jsonl $OUT/asr/; cp $W/shards/DONE.json $OUT/asr/synth_done.json 2>/dev/null
if [ -d $W/codec ]; then
  mkdir -p $OUT/codec; tail -2 $W/codec/train.log.jsonl | cut -c1-300
  split -b 15M -d $W/codec/weights.pt $OUT/codec/weights.pt.part; cp $W/codec/train.log.jsonl $OUT/codec/
fi
if [ -d $W/corrector ]; then   # house corrector: fp16 weights, log, the pairs it saw (xz)
  mkdir -p $OUT/corrector; grep -h '"eval"' $W/corrector/train.log.jsonl | tail -1 | cut -c1-400
  python3 -c "
import torch,sys; w=torch.load(sys.argv[1],map_location='cpu')
w['model']={k:(v.half() if v.is_floating_point() else v) for k,v in w['model'].items()}; torch.save(w,sys.argv[2])" \
    $( [ -f $W/corrector/best.pt ] && echo $W/corrector/best.pt || echo $W/corrector/weights.pt ) $OUT/corrector/weights16.pt
  cp $W/corrector/train.log.jsonl $OUT/corrector/; cat $W/pairs.jsonl.* | xz -6 -T8 > $OUT/corrector/pairs.jsonl.xz
fi
ls -la $OUT/asr $OUT/codec $OUT/corrector 2>/dev/null
