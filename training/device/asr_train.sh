#!/usr/bin/env bash
# Device call 2: bring the real recordings, start one training run per "tag=args" spec in the background
# (several runs share the GPU: one step uses ~20 % of an H100), show their first log lines.
# Usage: asr_train.sh "A=--lr 1e-3" "B=--lr 2e-3 --config {\"d_model\":192}" ...     Needs carry: .device-data/real
set -uo pipefail
W=/tmp/sws; mkdir -p $W/real
cp -n .device-data/real/* $W/real/
rm -rf $W/training && cp -r training $W/   # latest code
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W
export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True
# the commit the runs' code came from, for their logs: git where the tree travels with it, else the file the developer
# wrote before the calls (git rev-parse HEAD > .device-data/commit)
SWS_GIT_COMMIT=$(cd "$OLDPWD" && { git rev-parse HEAD 2>/dev/null || cat .device-data/commit 2>/dev/null || echo unknown; })
export SWS_GIT_COMMIT
# the real corpora (stash.sh .device-data/corpora/pN corpora, one call per part): decoded once, before the runs share them
if [ -f $W/corpora/index.tsv ] && [ ! -f $W/corpora/corpora-dev.npz ]; then python3 -m training.asr.data $W/corpora || exit 1; fi
for spec in "$@"; do
  tag=${spec%%=*}; args=${spec#*=}
  mkdir -p $W/asr-$tag
  eval "setsid nohup python3 -m training.asr.train --work $W/asr-$tag --shards $W/shards --real $W/real --budget-min ${BUDGET:-22} $args" \
     > $W/train-$tag.out 2>&1 < /dev/null &
done
sleep ${WAIT:-60}
tail -3 $W/synth.log
for spec in "$@"; do tag=${spec%%=*}; echo "== $tag"; tail -4 $W/train-$tag.out | cut -c1-260; done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
