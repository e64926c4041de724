#!/usr/bin/env bash
# On the GPU machine after the parts are in /tmp/stage: unpack once, build the benchmark models, then run what
# is asked: status | tests | bench-asr | bench-asr-bound | bench-tts | bench-house | batch-gpu (outputs to $OUT/gpu/*.txt). No LD_LIBRARY_PATH:
# the app loads the pack's CUDA libraries itself; cuDNN comes from the machine's Python wheel via SWS_CUDNN_DIR.
set -uo pipefail
ROOT=$(pwd)
if [ ! -d /tmp/gpu/jre ]; then
  t0=$(date +%s); cat /tmp/stage/part* | xz -dc | tar -C /tmp -xf - || exit 3; echo "unpacked in $(( $(date +%s) - t0 )) s"
fi
mkdir -p "$OUT/gpu"
NV=$(python3 -c 'import nvidia, os; print(list(nvidia.__path__)[0])')
export SWS_CUDNN_DIR=$(dirname "$(ls $NV/cudnn/lib/libcudnn.so.9 | head -1)")
export XDG_DATA_HOME=/tmp/gpu/xdg XDG_CONFIG_HOME=/tmp/gpu/cfg XDG_STATE_HOME=/tmp/gpu/state XDG_CACHE_HOME=/tmp/gpu/cache
unset LD_LIBRARY_PATH
J=(/tmp/gpu/jre/bin/java --enable-native-access=ALL-UNNAMED -Xmx24g -Xss8m -Dsws.models.dir=/tmp/gpu/models -Djava.io.tmpdir=/tmp)
CP="/tmp/gpu/lib/*"
SWS=("${J[@]}" -cp "$CP" dev.sws.app.Main)
sws() { "${SWS[@]}" "$@"; }
for what in "$@"; do
  case "$what" in
    status) sws gpu status --verify 2>&1 | tee "$OUT/gpu/status.txt"; nvidia-smi -L >> "$OUT/gpu/status.txt" 2>&1 ;;
    models) [ -d /tmp/gpu/models/bench-asr-fc-114m ] || (cd "$ROOT" && python3 -m training.gpu.make_bench_models /tmp/gpu/models /tmp/gpu/models) 2>&1 | grep -v Warn | tail -3 ;;
    tests) "${J[@]}" -jar /tmp/gpu/junit-console.jar execute --class-path "/tmp/gpu/app-test-classes:$(ls /tmp/gpu/lib/*.jar | tr '\n' ':')" \
             --select-class dev.sws.app.GpuParityTest --include-tag gpu --details=tree 2>&1 | tail -40 | tee "$OUT/gpu/tests.txt" ;;
    bench-asr) timeout 300 "${SWS[@]}" bench asr --model bench-asr-fc-114m --devices cpu,cuda:0 --streams 1,16,64,128 --seconds 20 2>&1 | tee "$OUT/gpu/bench-asr-114m.txt" ;;
    bench-asr-bound) for b in "" --io-binding; do timeout 240 "${SWS[@]}" bench asr --model bench-asr-fc-114m --encoder-only \
             --devices cuda:0 --streams ${STREAMS:-1,16,64,128} --seconds ${SECS:-20} $b 2>&1; done | tee "$OUT/gpu/bench-asr-114m-bound.txt"
             (cd "$ROOT" && python3 -m training.gpu.torch_encoder_ref 2>&1 | grep -v Warn) | tee -a "$OUT/gpu/bench-asr-114m-bound.txt" ;;
    # a file batch on the GPU: the carried .device-data/audio/*.opus, COPIES times over, as BATCH=WORKERSxSTREAMS runs
    # (JFR_SPEC=1x128 records that run with Java Flight Recorder: tools/jfr_share.py reads it)
    batch-gpu) rm -rf /tmp/batch && mkdir -p /tmp/batch/in
             for k in $(seq 1 ${COPIES:-4}); do for f in "$ROOT"/.device-data/audio/*.opus; do cp "$f" "/tmp/batch/in/c$k-$(basename "$f")"; done; done
             echo "$(ls /tmp/batch/in | wc -l) files" | tee "$OUT/gpu/batch-gpu.txt"
             # BATCH specs are WORKERSxSTREAMS[xTHREADS] (threads per model; default: the app's, half the cores)
             for spec in ${BATCH:-1x64 1x128 4x64}; do IFS=x read -r w s t <<< "$spec"; th=(); [ -n "$t" ] && th=(--threads "$t")
               echo "## sws --device cuda:0 batch --workers $w --streams $s ${th[*]} --tasks transcribe --no-punctuation --formats txt"
               jfr=(); [ "$spec" = "${JFR_SPEC:-}" ] && jfr=(-XX:StartFlightRecording=filename=$OUT/gpu/batch-$spec.jfr,settings=profile)
               t0=$(date +%s)
               timeout ${LIMIT:-200} "${J[@]}" "${jfr[@]}" -cp "$CP" dev.sws.app.Main --device cuda:0 batch --new --workers $w --streams $s "${th[@]}" --tasks transcribe --no-punctuation \
                 --formats txt --out /tmp/batch/out-$spec /tmp/batch/in 2>&1 | tail -1
               # a run cut short by the limit still tells its pace: the transcripts written so far
               echo "$(find /tmp/batch/out-$spec -name '*.txt' | wc -l) transcripts written in $(( $(date +%s) - t0 )) s"; done | tee -a "$OUT/gpu/batch-gpu.txt" ;;
    bench-asr-house) timeout 300 "${SWS[@]}" bench asr --devices cpu,cuda:0 --streams 1,16,64,128 --seconds 20 2>&1 | tee "$OUT/gpu/bench-asr-house.txt" ;;
    bench-tts) timeout 330 "${SWS[@]}" bench tts --model bench-tts-f5-336m --devices cuda:0,cpu --nfe 16 2>&1 | tee "$OUT/gpu/bench-tts-336m.txt" ;;
    bench-tts-house) timeout 240 "${SWS[@]}" bench tts --devices cpu,cuda:0 --nfe 4,16,32 2>&1 | tee "$OUT/gpu/bench-tts-house.txt" ;;
    jars) cp .device-data/jars/*.jar /tmp/gpu/lib/ && ls -la /tmp/gpu/lib/sws-*.jar ;;
    diag) mkdir -p /tmp/prof && rm -f /tmp/prof/*
          timeout 200 "${J[@]}" -Dsws.ort.profile=/tmp/prof -Dsws.cuda.convAlgoSearch=${ALGO:-HEURISTIC} -cp "$CP" dev.sws.app.Main bench asr --model bench-asr-fc-114m --devices cuda:0 --streams ${STREAMS:-1,16} --seconds 3 2>&1 | tee "$OUT/gpu/diag.txt"
          (cd /tmp/prof && tar czf "$OUT/gpu/prof.tgz" . && ls -la) ;;
    bench-enc) timeout 400 "${SWS[@]}" bench asr --model bench-asr-fc-114m --encoder-only --devices cpu,cuda:0 --streams 1,8,32,64,128,256 --seconds 20 2>&1 | tee "$OUT/gpu/bench-enc-114m.txt"
               timeout 150 "${SWS[@]}" bench asr --encoder-only --devices cpu,cuda:0 --streams 1,8,32,64,128,256 --seconds 20 2>&1 | tee "$OUT/gpu/bench-enc-house.txt" ;;
    bench-asr-gpu) timeout 300 "${SWS[@]}" bench asr --model bench-asr-fc-114m --devices cuda:0 --streams 1,16,64,128 --seconds 20 2>&1 | tee "$OUT/gpu/bench-asr-114m-gpu.txt" ;;
    *) echo "unknown step $what" ;;
  esac
done
