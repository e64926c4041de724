#!/usr/bin/env bash
# Device call 2: bring the real recordings, start training in the background and show its first log lines.
# Needs carry: .device-data/real
set -uo pipefail
W=/tmp/sws; mkdir -p $W/real $W/asr
cp .device-data/real/* $W/real/
cp -r training/asr/*.py $W/training/asr/   # latest code
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W/training/asr
setsid nohup python3 train.py --work $W/asr --shards $W/shards --real $W/real --budget-min ${BUDGET:-22} \
    ${INIT:+--init $INIT} > $W/train.out 2>&1 < /dev/null &
sleep ${WAIT:-60}
tail -5 $W/synth.log; tail -12 $W/train.out; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
