#!/usr/bin/env bash
# Device call after asr_kit.sh brought the debs and the real corpora (/tmp/sws/corpora): continues the three house TTS
# models on real speech, side by side on the one GPU. Carry .device-data/tinit-v (velocity.pt from from_onnx.py, the
# lexicon); an earlier call carries .device-data/tinit-a (vocoder.pt, speaker.pt) and .device-data/spk100 (one clip each
# of LibriSpeech train-clean-100 readers, for the speaker encoder): both are copied to /tmp/sws/init when present.
# Budgets in minutes: VB, CB, SB. The velocity model reads the transcribed read speech (LibriSpeech train readers,
# LJSpeech LJ002, VoxForge); vocoder and speaker encoder every real corpus; the LibriSpeech dev readers give the
# velocity model's dev loss and are never trained on.
set -uo pipefail
W=/tmp/sws
mkdir -p $W/init $W/spk100
for d in .device-data/tinit-a .device-data/tinit-v; do [ -d $d ] && cp $d/* $W/init/; done
[ -d .device-data/spk100 ] && cp .device-data/spk100/*.opus $W/spk100/
[ "${START:-1}" = 1 ] || { ls -la $W/init; ls $W/spk100 | wc -l; exit 0; }
rm -rf $W/training && cp -r training $W/
export PATH=$W/debroot/usr/bin:$PATH LD_LIBRARY_PATH=$W/debroot/usr/lib/x86_64-linux-gnu:$W/debroot/lib/x86_64-linux-gnu
export SWS_TTS_LEXICON=$W/init/lexicon.txt.gz
cd $W
start() {  # name budget extra-args...
  local m=$1 b=$2; shift 2
  setsid nohup python3 -m training.tts.train --model $m --work $W/tts-$m --budget-min $b --init $W/init/$m.pt --corpora $W/corpora "$@" \
    > $W/tts-$m.out 2>&1 < /dev/null &
}
start velocity ${VB:-16} --config '{"n_layers":12,"vocab":68,"text_units":"phonemes"}' \
  --corpora-only librispeech-train-clean-5,ljspeech-lj002,voxforge-en --frames-per-batch 48000 --lr ${VLR:-2e-4} \
  --prefix-max 0.7 --max-frames 1000
start vocoder ${CB:-15} --lr ${CLR:-3e-4}
start speaker ${SB:-10} --lr ${SLR:-1e-3} --speaker-clips $W/spk100
sleep ${WAIT:-90}
for m in velocity vocoder speaker; do echo "== $m"; tail -2 $W/tts-$m.out | cut -c1-300; tail -2 $W/tts-$m/train.log.jsonl | cut -c1-300; done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
