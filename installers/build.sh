#!/usr/bin/env bash
# Builds a self-contained Speech Workstation with jpackage: an app-image (bundled Java runtime, JavaFX, natives and
# the embedded models), a .deb (Linux, needs dpkg-deb and fakeroot), an .msi (Windows, needs WiX) or a .dmg (macOS).
# jpackage builds for the OS it runs on: run this on each OS (Git Bash on Windows). Called by `./sws package [TYPE]`;
# see installers/README.md.
# Output: installers/target/. Needs the app built (./sws build) and JAVA_HOME pointing at a JDK >= 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TYPE="${1:-app-image}"
case "$TYPE" in app-image|deb|msi|dmg) ;; *) echo "unknown package type '$TYPE' (app-image, deb, msi, dmg)" >&2; exit 2 ;; esac
OUT="$ROOT/installers/target"
STAGE="$OUT/stage"
rm -rf "$STAGE" "$OUT/sws" && mkdir -p "$STAGE/lib" "$STAGE/javafx" "$STAGE/models"
SEP=':'; case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) SEP=';' ;; esac   # Maven writes the Windows path separator there
IFS="$SEP" read -r -a JARS < "$ROOT/app/target/runtime-classpath.txt" || true
for j in "${JARS[@]}"; do
  case "$(basename "$j")" in javafx-*) cp "$j" "$STAGE/javafx/" ;; *) cp "$j" "$STAGE/lib/" ;; esac
done
APP_JAR="$(ls "$ROOT"/app/target/sws-app-*.jar | grep -v -- '-sources\|-tests' | head -1)"
cp "$APP_JAR" "$STAGE/lib/sws-app.jar"
cp -r "$ROOT"/models/* "$STAGE/models/"
VERSION="$(sed -n 's/.*VERSION = "\(.*\)";/\1/p' "$ROOT/app/src/main/java/dev/sws/app/cli/SwsCommand.java")"
case "$TYPE" in   # each OS wants its own icon format
  msi) ICON="$ROOT/installers/windows/sws.ico" ;;
  dmg) ICON="$ROOT/installers/macos/sws.icns" ;;
  *) ICON="$ROOT/ui-resources/src/main/resources/dev/sws/ui/icons/app-256.png" ;;
esac
args=(--name sws --app-version "$VERSION" --vendor "Speech Workstation" --description "Offline speech workstation"
      --input "$STAGE" --main-jar lib/sws-app.jar --main-class dev.sws.app.Main --dest "$OUT"
      --icon "$ICON"
      --add-modules java.base,java.desktop,java.logging,java.sql,java.naming,java.management,jdk.unsupported,jdk.unsupported.desktop,java.net.http,jdk.crypto.ec,java.scripting,jdk.jfr
      --java-options "--module-path \$APPDIR/javafx --add-modules javafx.controls,javafx.swing"
      --java-options "--enable-native-access=ALL-UNNAMED,javafx.graphics"
      --java-options "-Dsws.models.dir=\$APPDIR/models" --java-options "-Xss8m")
[ "$(uname -s)" = Darwin ] && args+=(--mac-package-identifier dev.sws.workstation --mac-package-name "Speech Workstation")
# 1. the app-image
"$JAVA_HOME/bin/jpackage" "${args[@]}" --type app-image
IMAGE="$OUT/sws"; [ -d "$OUT/sws.app" ] && IMAGE="$OUT/sws.app/Contents"
# 2. an AOT class cache for the GUI (JDK 25, ADR 0010), recorded by one start of the image that exits once its
#    window is shown (needs a display: Xvfb on a headless Linux); the launcher then loads it. Skipped without a display.
CFG="$(ls "$IMAGE"/lib/app/sws.cfg "$IMAGE"/app/sws.cfg 2>/dev/null | head -1 || true)"
LAUNCHER="$(ls "$IMAGE"/bin/sws "$IMAGE"/MacOS/sws "$IMAGE"/sws.exe 2>/dev/null | head -1 || true)"
RUN=(); [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null && RUN=(xvfb-run -a)
if [ -n "$CFG" ] && [ -n "$LAUNCHER" ] && { [ -n "${DISPLAY:-}" ] || [ ${#RUN[@]} -gt 0 ]; } && [ "${SWS_AOT:-1}" = 1 ]; then
  T="$(mktemp -d)"
  AOT="$(dirname "$CFG")/sws.aot"
  cp "$CFG" "$T/sws.cfg"   # the launcher reads options only from this file; the image has no bin/java, so two steps
  train() { cp "$T/sws.cfg" "$CFG"; sed -i "/^\[JavaOptions\]/a $1" "$CFG"
    XDG_CONFIG_HOME="$T/c" XDG_DATA_HOME="$T/d" XDG_STATE_HOME="$T/s" XDG_CACHE_HOME="$T/k" \
      timeout 180 "${RUN[@]}" "$LAUNCHER" >/dev/null 2>&1 || true; }
  train 'java-options=-XX:AOTMode=record\njava-options=-XX:AOTConfiguration=$APPDIR/sws.aotconf\njava-options=-Dsws.exitAfterShow=true'
  [ -f "$(dirname "$CFG")/sws.aotconf" ] && \
    train 'java-options=-XX:AOTMode=create\njava-options=-XX:AOTConfiguration=$APPDIR/sws.aotconf\njava-options=-XX:AOTCache=$APPDIR/sws.aot'
  rm -f "$(dirname "$CFG")/sws.aotconf"
  cp "$T/sws.cfg" "$CFG"
  rm -rf "$T"
  if [ -f "$AOT" ]; then
    sed -i '/^\[JavaOptions\]/a java-options=-XX:AOTCache=$APPDIR/sws.aot' "$CFG"
    echo "AOT class cache recorded: $(du -h "$AOT" | cut -f1)"
  else
    echo "no AOT class cache (the training start did not finish); the app starts without it" >&2
  fi
fi
# 3. the installer around that image
case "$TYPE" in
  deb) "$JAVA_HOME/bin/jpackage" --type deb --app-image "$IMAGE" --name sws --app-version "$VERSION" --vendor "Speech Workstation" \
         --description "Offline speech workstation" --dest "$OUT" --icon "$ICON" \
         --linux-shortcut --linux-menu-group AudioVideo --linux-app-category sound --license-file "$ROOT/LICENSE" ;;
  msi) # Windows: Start-menu entry and desktop shortcut, per-user install, stable upgrade code so new versions replace old ones
       "$JAVA_HOME/bin/jpackage" --type msi --app-image "$IMAGE" --name sws --app-version "$VERSION" --vendor "Speech Workstation" \
         --description "Offline speech workstation" --dest "$OUT" --icon "$ICON" \
         --win-menu --win-menu-group "Speech Workstation" --win-shortcut --win-dir-chooser --win-per-user-install \
         --win-upgrade-uuid 6f1d2b1e-6c53-4d8e-9b0a-5e0c2b9d7a41 --license-file "$ROOT/LICENSE" ;;
  dmg) # macOS: the app bundle in a disk image; sign with --mac-sign --mac-signing-key-user-name when a Developer ID exists
       "$JAVA_HOME/bin/jpackage" --type dmg --app-image "$OUT/sws.app" --name sws --app-version "$VERSION" --vendor "Speech Workstation" \
         --dest "$OUT" --mac-package-identifier dev.sws.workstation --mac-package-name "Speech Workstation" \
         --license-file "$ROOT/LICENSE" ;;
  app-image) ;;
  *) echo "unknown package type '$TYPE' (app-image, deb, msi, dmg)" >&2; exit 2 ;;
esac
ls -la "$OUT"
