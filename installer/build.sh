#!/usr/bin/env bash
# Makes the Linux package of Template Studio with jpackage. Run after ./mvnw -B -q package -DskipTests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/app/target"
out="$root/installer/target"
[ -f "$target/template-studio.jar" ] || { echo "build.sh: run ./mvnw -B -q package -DskipTests first" >&2; exit 1; }
version="$(unzip -p "$target/template-studio.jar" dev/templatestudio/app/version/version.properties | sed -n 's/^version=//p')"
version="${version%-SNAPSHOT}"
input="$(mktemp -d)"
trap 'rm -rf "$input"' EXIT
cp "$target/template-studio.jar" "$input/"
mkdir -p "$input/lib" && cp "$target"/lib/*.jar "$input/lib/"
# The command on the PATH and the thin client it runs for build and run (in lib/app/ installed).
cp "$root/installer/bin/template-studio" "$input/template-studio-command"
cp "$root/app/src/main/scripts/engine-client.pl" "$input/"
chmod 755 "$input/template-studio-command" "$input/engine-client.pl"
mkdir -p "$out"
type="${1:-deb}"
# What `template-studio doctor` checks: the studio window's GTK (and the X test extension JavaFX
# links), and the tools the embedded runtime runs. The Docker Engine stays optional.
deps="libgtk-3-0, libxtst6, util-linux, mount, iproute2, coreutils, e2fsprogs, perl-base"
icon=()
[ -f "$root/icons/app-icon.png" ] && icon=(--icon "$root/icons/app-icon.png")
jpackage --type "$type" --dest "$out" --input "$input" \
  --name template-studio --app-version "$version" \
  --main-jar template-studio.jar --main-class dev.templatestudio.app.Launcher \
  --description "Compose, import, preview and build sandbox machine templates" \
  --linux-shortcut --linux-menu-group Development --linux-app-category devel \
  --linux-package-deps "$deps" --resource-dir "$root/installer/resources" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files" \
  --java-options "-XX:+UseZGC" --java-options "-XX:Tier4InvocationThreshold=50000" \
  --java-options "-XX:Tier4CompileThreshold=60000" --java-options "-XX:Tier4BackEdgeThreshold=200000" "${icon[@]}"
ls -l "$out"
