#!/bin/bash
# Builds the tiny CI guest from Debian packages only: the Debian cloud kernel and an initramfs of busybox-static,
# the kernel's virtio modules and guest-init.sh. Nothing is installed on the host (apt-get download + dpkg-deb -x).
# Usage: testbed/guest/build-tiny.sh [OUTDIR]   (default /var/tmp/cloudlet-handoff/guests/tiny; cached)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/var/tmp/cloudlet-handoff/guests/tiny}
stamp=$(cat "$0" "$here/guest-init.sh" | sha256sum | cut -c1-16)
if [ -f "$out/.complete" ] && [ "$(cat "$out/.complete")" = "$stamp" ]; then
  echo "tiny guest: reusing $out" >&2
  exit 0
fi
export PATH=$PATH:/usr/sbin:/sbin
for tool in cpio:cpio depmod:kmod; do
  command -v "${tool%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
kpkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
[ -n "$kpkg" ] || { echo "tiny guest: cannot resolve linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
apt-get download -qq "$kpkg" busybox-static >/dev/null 2>&1 || { apt-get update -qq >/dev/null; apt-get download -qq "$kpkg" busybox-static >/dev/null; }
mkdir kernel busybox root
dpkg-deb -x "$kpkg"_*.deb kernel
dpkg-deb -x busybox-static_*.deb busybox
kver=$(ls kernel/lib/modules)
depmod -b "$work/kernel" "$kver"   # the package leaves modules.dep to its postinst

mkdir -p root/{bin,sbin,proc,sys,dev,tmp,run,etc,lib/modules}
cp busybox/bin/busybox root/bin/busybox
for a in $(root/bin/busybox --list); do [ -e "root/bin/$a" ] || ln -s busybox "root/bin/$a"; done
# virtio block/net/console, ext4 and overlayfs (the Debian guest's root) and their dependencies, in load order
# (from modules.dep; a module built into the kernel is simply not found)
mods=$(cd kernel/lib/modules/"$kver" && for m in virtio_pci virtio_blk virtio_net virtio_console ext4 overlay; do
  f=$(grep -E "/$m\.ko(\.xz)?:" modules.dep | cut -d: -f1)
  deps=$(grep -E "/$m\.ko(\.xz)?:" modules.dep | cut -d: -f2)
  for d in $(echo "$deps" | tr ' ' '\n' | tac) "$f"; do echo "$d"; done
done | awk 'NF && !seen[$0]++')
: > root/etc/modules.order
for m in $mods; do
  src=kernel/lib/modules/$kver/$m
  name=$(basename "$m")
  case "$name" in *.xz) xz -dc "$src" > "root/lib/modules/${name%.xz}"; name=${name%.xz} ;; *) cp "$src" root/lib/modules/ ;; esac
  echo "$name" >> root/etc/modules.order
done
cp "$here/guest-init.sh" root/init
chmod 755 root/init
mkdir -p "$out"
(cd root && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.img"
cp kernel/boot/vmlinuz-"$kver" "$out/vmlinuz"
echo "$stamp" > "$out/.complete"
echo "tiny guest: $out (kernel $kver, $(du -h "$out/initrd.img" | cut -f1) initramfs)" >&2
