#!/usr/bin/env bash
# Device call after asr_setup.sh (general synthetic shards growing in /tmp/sws/shards), beside the TTS trainings:
# the house corrector's second round. Carry .device-data/cround = asr_weights.pt (the shipped house ASR, fp16),
# noise.npy (the ASR recipe's noise), domain.txt (training/corrector/domain_corpus.py), pairs-old.jsonl.xz (earlier
# pairs, optional). Starts the in-domain synthesis into /tmp/sws/dshards (DW workers), make_pairs.py on both shard
# folders (two processes each) and train.py on all pairs as they grow (re-read at every evaluation).
# BUDGET: training minutes; ARGS: extra train.py arguments (e.g. --config '{...}' or --init FILE).
set -uo pipefail
W=/tmp/sws; C=$W/cround; mkdir -p $C $W/training
cp .device-data/cround/* $C/
[ -f $C/pairs-old.jsonl.xz ] && [ ! -f $W/pairs.jsonl.old ] && xz -dc $C/pairs-old.jsonl.xz > $W/pairs.jsonl.old
rm -rf $W/training && cp -r training $W/
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W/training
setsid nohup python3 data/synth.py --corpus $C/domain.txt --out $W/dshards --hours 30 --workers ${DW:-4} \
   --debroot $W/debroot --shard-hours 0.25 --seed ${SEED:-21} > $W/dsynth.log 2> $W/dsynth.err < /dev/null &
cd $W
for p in 0 1; do
  setsid nohup python3 -m training.corrector.make_pairs --asr $C/asr_weights.pt --shards $W/shards --real $C \
     --out $W/pairs.jsonl --part $p/2 --follow --batch ${PB:-16} > $W/pairs-$p.out 2>&1 < /dev/null &
  setsid nohup python3 -m training.corrector.make_pairs --asr $C/asr_weights.pt --shards $W/dshards --real $C \
     --out $W/dpairs.jsonl --part $p/2 --follow --batch ${PB:-16} > $W/dpairs-$p.out 2>&1 < /dev/null &
done
eval "setsid nohup python3 -m training.corrector.train --pairs '$W/*pairs.jsonl.*' --work $W/corrector --budget-min ${BUDGET:-20} ${ARGS:-}" \
   > $W/corrector.out 2>&1 < /dev/null &
sleep ${WAIT:-40}
tail -n 2 $W/dsynth.log $W/pairs-0.out $W/dpairs-0.out; tail -n 3 $W/corrector.out | cut -c1-300
