#!/usr/bin/env bash
# Device call 1: unpack the voices, check each engine, start synthetic data generation in the background.
# Needs carry: .device-data/corpus.txt.xz and the .debs (.device-data/debs, or part of them after stash.sh DIR debs)
set -euo pipefail
W=/tmp/sws; mkdir -p $W/debroot $W/shards/dev
shopt -s nullglob   # the .debs may come in this call (debs*/) or an earlier stash.sh call ($W/debs)
for f in .device-data/debs*/*.deb $W/debs/*.deb; do dpkg -x "$f" $W/debroot; done
xz -dc .device-data/corpus.txt.xz > $W/corpus.txt
cp -r training $W/
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader; nproc; python3 -c 'import torch,onnxruntime,sentencepiece,scipy;print(torch.__version__, onnxruntime.__version__)'
flac --version
ln -sfn $W/debroot/usr/share/festival /usr/share/festival 2>/dev/null || true
cd $W/training
head -300 $W/corpus.txt > $W/corpus_dev.txt
# held-out synthetic dev set: first 300 sentences, then the training set from the rest
python3 data/synth.py --corpus $W/corpus_dev.txt --out $W/shards/dev --hours 0.1 --workers 15 --debroot $W/debroot --shard-hours 1 --seed 99 > $W/synth_dev.log 2>&1
cat $W/synth_dev.log | tail -3; cat $W/shards/dev/DONE.json
setsid nohup python3 data/synth.py --corpus $W/corpus.txt --skip 300 --out $W/shards --hours ${HOURS:-80} --workers ${WORKERS:-13} \
   --debroot $W/debroot --shard-hours 0.5 --seed ${SEED:-1} ${SYNTH_ARGS:-} > $W/synth.log 2> $W/synth.err < /dev/null &
sleep 25; cat $W/synth.log; tail -5 $W/synth.err || true
