#!/usr/bin/env bash
# Device call after asr_setup.sh (synthetic shards being generated into /tmp/sws/shards) and stash.sh calls that
# brought real speech into /tmp/sws/real (allison_train; libri_a, libri_b): starts the three house TTS trainings in
# the background on the one GPU (velocity, vocoder, speaker encoder). Budgets in minutes: VB, CB, SB.
set -uo pipefail
W=/tmp/sws
rm -rf $W/training && cp -r training $W/
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W
REAL=$(ls $W/real/*.flac 2>/dev/null | sed 's/\.flac$//' | grep -v allison_dev | tr '\n' ' ')
echo "real: $REAL"
start() {  # name budget extra-args...
  local m=$1 b=$2; shift 2
  setsid nohup python3 -m training.tts.train --model $m --work $W/tts-$m --shards $W/shards --budget-min $b "$@" \
    > $W/tts-$m.out 2>&1 < /dev/null &
}
CFG=${VCONFIG:-"{}"}
start velocity ${VB:-20} --real $W/real/allison_train --dev $W/shards/dev --config "$CFG" ${VARGS:-}
[ "${CB:-18}" != 0 ] && start vocoder ${CB:-18} --real $REAL ${CARGS:-}
[ "${SB:-10}" != 0 ] && start speaker ${SB:-10} --real $REAL
sleep ${WAIT:-40}
for m in velocity vocoder speaker; do echo "== $m"; tail -2 $W/tts-$m.out | cut -c1-300; done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
