#!/usr/bin/env bash
# Builds a self-contained Speech Workstation with jpackage: an app-image (bundled Java runtime, JavaFX, natives and
# the embedded models) and, where dpkg-deb and fakeroot exist, a .deb. Called by `./sws package [--type deb|app-image]`.
# Output: installers/target/. Needs the app built (./sws build) and JAVA_HOME pointing at a JDK >= 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TYPE="${1:-app-image}"
OUT="$ROOT/installers/target"
STAGE="$OUT/stage"
rm -rf "$STAGE" "$OUT/sws" && mkdir -p "$STAGE/lib" "$STAGE/javafx" "$STAGE/models"
IFS=':' read -r -a JARS < "$ROOT/app/target/runtime-classpath.txt" || true
for j in "${JARS[@]}"; do
  case "$(basename "$j")" in javafx-*) cp "$j" "$STAGE/javafx/" ;; *) cp "$j" "$STAGE/lib/" ;; esac
done
APP_JAR="$(ls "$ROOT"/app/target/sws-app-*.jar | grep -v -- '-sources\|-tests' | head -1)"
cp "$APP_JAR" "$STAGE/lib/sws-app.jar"
cp -r "$ROOT"/models/* "$STAGE/models/"
VERSION="$(sed -n 's/.*VERSION = "\(.*\)";/\1/p' "$ROOT/app/src/main/java/dev/sws/app/cli/SwsCommand.java")"
args=(--name sws --app-version "$VERSION" --vendor "Speech Workstation" --description "Offline speech workstation"
      --input "$STAGE" --main-jar lib/sws-app.jar --main-class dev.sws.app.Main --dest "$OUT"
      --icon "$ROOT/ui-resources/src/main/resources/dev/sws/ui/icons/app-256.png"
      --add-modules java.base,java.desktop,java.logging,java.sql,java.naming,java.management,jdk.unsupported,jdk.unsupported.desktop,java.net.http,jdk.crypto.ec,java.scripting,jdk.jfr
      --java-options "--module-path \$APPDIR/javafx --add-modules javafx.controls,javafx.swing"
      --java-options "--enable-native-access=ALL-UNNAMED,javafx.graphics"
      --java-options "-Dsws.models.dir=\$APPDIR/models")
if [ "$TYPE" = deb ]; then
  args+=(--type deb --linux-shortcut --linux-menu-group AudioVideo --linux-app-category sound --license-file "$ROOT/LICENSE")
else
  args+=(--type app-image)
fi
"$JAVA_HOME/bin/jpackage" "${args[@]}"
ls -la "$OUT"
