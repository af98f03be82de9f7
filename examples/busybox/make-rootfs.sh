#!/usr/bin/env bash
# Makes rootfs/: a tiny Linux userland from Debian's busybox-static (apt-get install busybox-static),
# the offline base image of hello.template.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
busybox="$(command -v busybox || true)"
[ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q "statically linked" || busybox=/bin/busybox
[ -x "$busybox" ] || { echo "make-rootfs.sh: install busybox-static first (apt-get install busybox-static)" >&2; exit 1; }
root="$here/rootfs"
rm -rf "$root.tmp" && mkdir -p "$root.tmp"/{bin,etc,tmp,root,var/www}
cp "$busybox" "$root.tmp/bin/busybox"
for applet in $("$root.tmp/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root.tmp/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:33:www:/var/www:/bin/sh\n' > "$root.tmp/etc/passwd"
printf 'root:x:0:\nwww:x:33:\n' > "$root.tmp/etc/group"
chmod 1777 "$root.tmp/tmp"
rm -rf "$root" && mv "$root.tmp" "$root"
# Relative to where it was run from, when inside it (as the README shows it).
echo "made ${root#"$PWD/"}"
