#!/bin/bash
# Builds the benchmark guest from Debian packages only: a debootstrapped Debian 12 (python3 + NumPy, redis,
# gcc/make) as a raw ext4 image, booted by the tiny guest's kernel and initramfs, whose init mounts the image
# read-only under a tmpfs overlay (the disk stays identical on both cloudlets; the guest's changes live in its
# memory, which is what the live handoff moves) and starts debian-init.sh.
# Usage: testbed/guest/build-debian.sh [OUTDIR]   (default /var/tmp/cloudlet-handoff/guests/debian; cached)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/var/tmp/cloudlet-handoff/guests/debian}
packages=python3,python3-numpy,redis-server,redis-tools,gcc,make,libc6-dev,procps,iproute2,kmod
stamp=$( (cat "$0" "$here/debian-init.sh" "$here/build-tiny.sh" "$here/guest-init.sh"; echo "$packages") | sha256sum | cut -c1-16)
if [ -f "$out/.complete" ] && [ "$(cat "$out/.complete")" = "$stamp" ]; then
  echo "debian guest: reusing $out" >&2
  exit 0
fi
export PATH=$PATH:/usr/sbin:/sbin
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
command -v mkfs.ext4 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq e2fsprogs >/dev/null
mkdir -p "$out"
"$here/build-tiny.sh" "$out/boot"
work=$(mktemp -d /var/tmp/debian-guest.XXXXXX)
trap 'rm -rf "$work"' EXIT
mirror=$(awk '/^URIs:/ {print $2; exit} /^deb / {print $2; exit}' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
echo "debian guest: debootstrap bookworm from ${mirror:=http://deb.debian.org/debian} (a few minutes)" >&2
debootstrap --variant=minbase --include="$packages" bookworm "$work/root" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
install -m 755 "$here/debian-init.sh" "$work/root/sbin/handoff-init"
rm -rf "$work/root/var/cache/apt/archives"/*.deb "$work/root/var/lib/apt/lists"/*
# Room for what workloads compile or write besides the overlay (tmpfs): the image is read-only in the guest.
size=$(( $(du -sm "$work/root" | cut -f1) + 256 ))
rm -f "$out/disk.img"
mkfs.ext4 -q -L debian -d "$work/root" "$out/disk.img" "${size}M"
ln -sf boot/vmlinuz "$out/vmlinuz"
ln -sf boot/initrd.img "$out/initrd.img"
echo "$stamp" > "$out/.complete"
echo "debian guest: $out (disk.img ${size} MiB, kernel + initramfs of the tiny guest)" >&2
