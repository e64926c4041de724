#!/usr/bin/env bash
# Device calls while the TTS trainings run: wait $1 s, show progress; BRING="speaker vocoder" (or 1: all) also brings back
# those models' fp16 weights (15 MiB pieces) and logs into $OUT/tts; BRING=corrector brings the corrector round's
# (corrector_round.sh) best weights (fp16), its log and the pairs made so far into $OUT/corrector.
W=/tmp/sws
# BUDGET=N (minutes) replaces the velocity round's budget; its learning-rate schedule follows
[ -n "${BUDGET:-}" ] && echo "$BUDGET" > $W/tts-velocity/budget_min
sleep ${1:-40}
tail -1 $W/synth.log
for m in velocity vocoder speaker; do
  echo "== $m"; grep -h '"eval"' $W/tts-$m/train.log.jsonl 2>/dev/null | tail -1 | cut -c1-300
  tail -1 $W/tts-$m/train.log.jsonl 2>/dev/null | cut -c1-300; grep -h Error $W/tts-$m.out | tail -2
done
if [ -d $W/corrector ]; then
  echo "== corrector"; tail -1 $W/dsynth.log; wc -l $W/*pairs.jsonl.* | tail -1
  grep -h '"eval"' $W/corrector/train.log.jsonl | tail -1 | cut -c1-400; grep -h Error $W/corrector.out | tail -2
fi
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
if [ -n "${BRING:-}" ]; then
  mkdir -p $OUT/tts
  for m in velocity vocoder speaker; do
    case " ${BRING} " in *" $m "*|" 1 ") ;; *) continue ;; esac
    [ -f $W/tts-$m/weights.pt ] && split -b 15M -d $W/tts-$m/weights.pt $OUT/tts/$m.pt.part && cp $W/tts-$m/train.log.jsonl $OUT/tts/$m.log.jsonl
  done
  ls -la $OUT/tts
fi
case " ${BRING:-} " in *" corrector "*)
  mkdir -p $OUT/corrector
  python3 -c "
import torch,sys; w=torch.load(sys.argv[1],map_location='cpu')
w['model']={k:(v.half() if v.is_floating_point() else v) for k,v in w['model'].items()}; torch.save(w,sys.argv[2])" \
    $( [ -f $W/corrector/best.pt ] && echo $W/corrector/best.pt || echo $W/corrector/weights.pt ) $W/c16.pt
  split -b 15M -d $W/c16.pt $OUT/corrector/weights16.pt.part; cp $W/corrector/train.log.jsonl $OUT/corrector/
  cat $W/pairs.jsonl.[0-9] $W/dpairs.jsonl.* | xz -3 -T4 > $OUT/corrector/pairs.jsonl.xz; ls -la $OUT/corrector ;;
esac
