#!/usr/bin/env bash
# Device call: the real-speaker runs of house-asr-fc-en-s4 (issue: ASR on people it never heard). Before it: asr_setup.sh
# (voices, synthetic draw), stash.sh .device-data/corpora/p0 corpora, stash.sh .device-data/corpora/p1 corpora, the
# init weights in /tmp/sws/init/asr_weights.pt (train.py's weights.pt or from_onnx.py's). Carry: .device-data/real.
#   A: the shipped shape (6 layers, 11.7 M), continued;  B: grown to 8 layers (14.8 M; train.py --grow-after)
#   E: as A, keeping a moving average of the weights (train.py --ema; shipped from the average where it is better)
#   D: as E, with dropout 0.2 instead of 0.1 (the runs fit their 4 h of read speech far better than unseen readers)
#   P: as A, with MIX_P (e.g. a share of pseudo-labelled speech: pack_corpora.py --pseudo), side by side with A
# Usage: BUDGET=19 RUNS="A B" bash training/device/asr_real_train.sh
set -uo pipefail
CFG='"feat_in":80,"d_model":256,"n_heads":4,"ff_mult":4,"conv_kernel":9,"sub_channels":256,"left_context":64,"max_chunk":16,"pred_hidden":320,"pred_layers":1,"joint_hidden":320,"dropout":0.1,"subsampling":4'
MIX=${MIX:-synth=0.25,librispeech=0.36,long=0.1,an4=0.1,ljspeech=0.04,voxforge=0.01,speech=0.01,allison=0.07,fsdd=0.03,strings=0.03}
MIX_P=${MIX_P:-$MIX}
COMMON="--init /tmp/sws/init/asr_weights.pt --corpora /tmp/sws/corpora --warmup 300 --ctc-weight 0.3 \
 --sortagrad 0 --aug-start 0 --batch-seconds 320 --eval-every-min 4 --ckpt-every-min 2 --min-hours 1.0"
specs=()
for r in ${RUNS:-A B}; do
  case $r in
    A) specs+=("A=$COMMON --mix $MIX --lr ${LR_A:-6e-4} --config '{$CFG,\"n_layers\":6}'") ;;
    B) specs+=("B=$COMMON --mix $MIX --lr ${LR_B:-8e-4} --grow-after 2,5 --config '{$CFG,\"n_layers\":8}'") ;;
    E) specs+=("E=$COMMON --mix $MIX --lr ${LR_A:-6e-4} --ema ${EMA:-0.999} --config '{$CFG,\"n_layers\":6}'") ;;
    D) specs+=("D=$COMMON --mix $MIX --lr ${LR_A:-6e-4} --ema ${EMA:-0.999} --config '{$CFG,\"n_layers\":6,\"dropout\":0.2}'") ;;
    P) specs+=("P=$COMMON --mix $MIX_P --lr ${LR_A:-6e-4} --config '{$CFG,\"n_layers\":6}'") ;;
  esac
done
exec bash "$(dirname "$0")/asr_train.sh" "${specs[@]}"
