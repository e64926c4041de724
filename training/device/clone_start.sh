#!/usr/bin/env bash
# Device call after asr_setup.sh: start the clone draw (training/tts/clone_draw.py: the house TTS reads corpus
# sentences in the voice of allison_train) in the background, into $W/clones, for asr_train.sh's --clones.
# Needs: velocity.pt stashed in $W/clonekit (stash.sh .device-data/cvel clonekit) and carry .device-data/clonekit
# (voc.pt, lexicon.txt.gz) and .device-data/real.            Usage: CLONE_HOURS=30 SEED=1 bash clone_start.sh
set -uo pipefail
W=/tmp/sws; mkdir -p $W/clonekit $W/real $W/clones
cp -n .device-data/clonekit/* $W/clonekit/ && cp -n .device-data/real/* $W/real/
rm -rf $W/training && cp -r training $W/    # latest code
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
cd $W
SWS_TTS_LEXICON=$W/clonekit/lexicon.txt.gz setsid nohup python3 -m training.tts.clone_draw --velocity $W/clonekit/velocity.pt \
   --vocoder $W/clonekit/voc.pt --real $W/real/allison_train --corpus $W/corpus.txt --out $W/clones \
   --hours ${CLONE_HOURS:-30} --seed ${SEED:-1} --preview 8 > $W/clones.log 2>&1 < /dev/null &
sleep ${WAIT:-45}
cat $W/clones.log; ls $W/clones | head
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
