#!/usr/bin/env bash
# Device call: starts the house codec training in the background next to the ASR runs (the GPU has room for both).
# Needs in /tmp/sws/real: allison_train, allison_dev (asr_train.sh) and libri_a, libri_b (stash.sh); shards optional.
set -uo pipefail
W=/tmp/sws
rm -rf $W/training && cp -r training $W/
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
mkdir -p $W/codec
cd $W
setsid nohup python3 -m training.codec.train --work $W/codec --shards $W/shards --real $W/real/allison_train $W/real/libri_a $W/real/libri_b \
   --dev $W/real/allison_dev --budget-min ${BUDGET:-17} ${ARGS:-} > $W/train-codec.out 2>&1 < /dev/null &
sleep ${WAIT:-45}
tail -3 $W/train-codec.out | cut -c1-400
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
