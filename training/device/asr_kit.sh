#!/usr/bin/env bash
# Device call(s) before an ASR run that needs no synthetic draw: unpack the carried .debs (opus-tools and flac, with
# their libraries: .device-data/mini-debs), merge every carried part of the real corpora (.device-data/corpora/pN, see
# training/data/pack_corpora.py) into /tmp/sws/corpora, take .device-data/init_w.pt as the init weights. Carry what fits
# (64 MiB a call with the tree); call again with the rest. Without synthesis (asr_setup.sh) the shards folder is marked
# done, and the run's --mix names no synth pool.
set -euo pipefail
W=/tmp/sws; mkdir -p $W/debroot $W/shards $W/corpora $W/init
shopt -s nullglob
for f in .device-data/mini-debs/*.deb; do dpkg -x "$f" $W/debroot; done
for p in .device-data/corpora/p*; do cp -rn "$p"/. $W/corpora/; done
[ -f .device-data/init_w.pt ] && cp .device-data/init_w.pt $W/init/asr_weights.pt
rm -rf $W/training && cp -r training $W/
[ -f $W/synth.log ] || { echo '{}' > $W/shards/DONE.json; touch $W/synth.log; }
# the recipe's own checks, where torch runs: streaming == offline, the transducer loss against brute force
(cd $W && python3 -m training.asr.test_streaming | tail -1 && python3 -m training.asr.test_rnnt_loss | tail -1) || { echo "recipe checks FAILED"; exit 1; }
du -sh $W/corpora $W/init $W/debroot; ls $W/corpora; nvidia-smi --query-gpu=name,memory.total --format=csv,noheader; nproc
