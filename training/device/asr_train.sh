#!/usr/bin/env bash
# Device call 2: bring the real recordings, start training in the background and show its first log lines.
# Needs carry: .device-data/real
set -uo pipefail
W=/tmp/sws; mkdir -p $W/real $W/asr
cp .device-data/real/* $W/real/
cp -r training/asr/*.py $W/training/asr/   # latest code
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W/training/asr
setsid nohup python3 train.py --work $W/asr --shards $W/shards --real $W/real --budget-min ${BUDGET:-19} \
    ${INIT:+--init $INIT} > $W/train.out 2>&1 < /dev/null &
# meanwhile, prove the export check end to end with a tiny random model (catches API drift early)
python3 - <<'PY'
import json, sys, torch
sys.path.insert(0, '.')
from model import Config, HybridAsr
cfg = Config(d_model=64, n_layers=2, sub_channels=32, pred_hidden=64, joint_hidden=64)
torch.save({"model": HybridAsr(cfg).state_dict(), "config": cfg.to_dict(), "step": 0}, "/tmp/sws/tiny.pt")
PY
python3 check_export.py --weights /tmp/sws/tiny.pt --real $W/real --out $W/tiny_export --int8 --limit 3 2>&1 | grep -v -i warn | grep -E 'diff|frames|wer|bytes|Error|error' | head -20
sleep ${WAIT:-60}
tail -5 $W/synth.log; tail -12 $W/train.out; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
