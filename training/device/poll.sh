#!/usr/bin/env bash
# Device calls while training runs: wait, show every run's progress; KILL="A B" stops runs; BRING="A [B]" brings back
# those runs' latest weights in 15 MiB pieces ($OUT/asr-TAG/); without BRING every run's are brought (BRING= brings
# none): a machine lost between two calls keeps nothing that an earlier call did not bring back.
W=/tmp/sws
BRING=${BRING-$(cd $W 2>/dev/null && ls -d asr-* 2>/dev/null | sed 's/^asr-//' | tr '\n' ' ')}
for t in ${KILL:-}; do pkill -f "^python3 -m training.asr.train --work $W/asr-$t " && echo "stopped $t"; done
sleep ${1:-540}
tail -2 $W/synth.log
[ -f $W/clones.log ] && tail -1 $W/clones.log
for d in $W/asr-*; do
  echo "== $d"; grep -h '"eval"' $d/train.log.jsonl | tail -2 | cut -c1-420; tail -1 $d/train.log.jsonl | cut -c1-220
done
[ -f $W/codec/train.log.jsonl ] && { echo "== codec"; grep -h '"eval"' $W/codec/train.log.jsonl | tail -2 | cut -c1-300; tail -1 $W/codec/train.log.jsonl | cut -c1-400; }
for f in $W/pairs-*.out; do tail -1 $f | cut -c1-200; done 2>/dev/null
[ -f $W/corrector/train.log.jsonl ] && { echo "== corrector"; grep -h '"eval"' $W/corrector/train.log.jsonl | tail -1 | cut -c1-500; tail -1 $W/corrector/train.log.jsonl | cut -c1-200; }
[ -f $W/corrector.out ] && tail -2 $W/corrector.out | grep -i error
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
if [ -n "${BRING:-}" ]; then   # fp16 copies of the latest weights of each run in $BRING, and the codec's
  for t in $BRING; do
    [ -f $W/asr-$t/weights.pt ] || { echo "asr-$t: no weights yet"; continue; }
    mkdir -p $OUT/asr-$t
    python3 -c "
import torch,sys; w=torch.load(sys.argv[1],map_location='cpu')
w['model']={k:(v.half() if v.is_floating_point() else v) for k,v in w['model'].items()}; torch.save(w,sys.argv[2])" \
      $W/asr-$t/weights.pt $W/asr16.pt && split -b 15M -d $W/asr16.pt $OUT/asr-$t/weights.pt.part
    cp $W/asr-$t/train.log.jsonl $OUT/asr-$t/
  done
  [ -f $W/codec/weights.pt ] && mkdir -p $OUT/codec && split -b 15M -d $W/codec/weights.pt $OUT/codec/weights.pt.part && cp $W/codec/train.log.jsonl $OUT/codec/
fi
ls -la $OUT/asr-* $OUT/codec 2>/dev/null
