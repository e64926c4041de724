#!/usr/bin/env bash
# Device call after asr_train.sh: decodes the fresh synthetic shards with the ASR weights in /tmp/sws/init (three
# processes, make_pairs.py) into n-best -> reference pairs and trains the house corrector on them as they grow.
# BUDGET: corrector training minutes; ARGS: extra train.py arguments.
set -uo pipefail
W=/tmp/sws; mkdir -p $W/training
rm -rf $W/training && cp -r training $W/
cd $W
for p in 0 1 2; do
  setsid nohup python3 -m training.corrector.make_pairs --asr $W/init/asr_weights.pt --shards $W/shards --real $W/real \
     --out $W/pairs.jsonl --part $p/3 --follow > $W/pairs-$p.out 2>&1 < /dev/null &
done
eval "setsid nohup python3 -m training.corrector.train --pairs '$W/pairs.jsonl.*' --work $W/corrector --budget-min ${BUDGET:-15} ${ARGS:-}" \
   > $W/corrector.out 2>&1 < /dev/null &
sleep ${WAIT:-45}
tail -2 $W/pairs-*.out; tail -2 $W/corrector.out | cut -c1-300
