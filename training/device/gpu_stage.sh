#!/usr/bin/env bash
# Stages Java, the app and the GPU runtime pack for the bare GPU machine (no Java, no network there), in parts
# that fit one device call each (.device-p0, .device-p1, ...; carry one per call with training/device/gpu_part.sh).
#
#   XDG_DATA_HOME=/path/with/installed/pack training/device/gpu_stage.sh
#
# Needs: a built tree (./sws build, plus test classes: ./mvnw -o -q install -DskipTests compiles them), the pack
# installed by `sws gpu install` (cuDNN is not sent: the machine's own cuDNN 9 is used through SWS_CUDNN_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
PACK="$DATA/sws/gpu-runtime/ort-1.29.0-cuda12"
[ -f "$PACK/pack.json" ] || { echo "no installed pack in $PACK (run sws gpu install)" >&2; exit 2; }
PART_MB=${PART_MB:-47}   # with the tree (~13 MB, models left out) under a call's 64 MiB
S=$(mktemp -d); trap 'rm -rf "$S"' EXIT
G="$S/gpu"; mkdir -p "$G/lib" "$G/xdg/sws/gpu-runtime/ort-1.29.0-cuda12" "$G/models"
"$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.httpserver,jdk.zipfs,jdk.crypto.ec \
    --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$G/jre"
IFS=: read -r -a JARS < app/target/runtime-classpath.txt || true   # no trailing newline
for j in "${JARS[@]}"; do case "$(basename "$j")" in javafx-*|controlsfx-*) ;; *) cp "$j" "$G/lib/" ;; esac; done
cp app/target/sws-app-*[0-9T].jar "$G/lib/"
cp -r app/target/test-classes "$G/app-test-classes"
JUP=$(grep -o '<junit.version>[^<]*' pom.xml | cut -d'>' -f2 | sed 's/^5\./1./')
./mvnw -B -q dependency:get -Dtransitive=false -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUP >/dev/null
cp ~/.m2/repository/org/junit/platform/junit-platform-console-standalone/$JUP/junit-platform-console-standalone-$JUP.jar "$G/junit-console.jar"
for m in house-asr-fc-en-s4 house-codec-16k-1k5 house-tts-en-s1 silero-vad-v6; do cp -r "models/$m" "$G/models/"; done
for f in "$PACK"/*; do
  case "$(basename "$f")" in libcudnn*) ;; pack.json) ;; *) cp "$f" "$G/xdg/sws/gpu-runtime/ort-1.29.0-cuda12/" ;; esac
done
python3 - "$PACK/pack.json" "$G/xdg/sws/gpu-runtime/ort-1.29.0-cuda12/pack.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["components"] = ["core"]
m["files"] = [f for f in m["files"] if not f["name"].startswith("libcudnn")]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PY
rm -rf .device-p*; grep -qx '/.device-p\*/' .gitignore || echo '/.device-p*/' >> .gitignore
tar -C "$S" -cf - gpu | xz -T0 -3 -c | (cd "$S" && split -b $((PART_MB * 1048576)) -d - part)
n=0; for p in "$S"/part*; do mkdir -p ".device-p$n"; mv "$p" ".device-p$n/"; n=$((n+1)); done
echo "staged $n parts of <= $PART_MB MiB"
