#!/bin/sh
# PID 1 of the Debian guest, after the tiny initramfs has put an overlay (tmpfs over the read-only ext4 image)
# at /. The same control shell as the tiny guest on hvc0 — but with Debian's programs (python3, redis, gcc).
# No systemd: workloads start what they need, so boot stays short under TCG and the guest's state is the
# workload's, not a service manager's.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sys /sys
mountpoint -q /dev || mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm /run /work && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /work
hostname debian-guest
ip link set lo up 2>/dev/null || true
echo "debian-init: ready"
while true; do
  if [ -c /dev/hvc0 ]; then
    setsid sh -c 'exec sh -i </dev/hvc0 >/dev/hvc0 2>&1' 2>/dev/null
  else
    sleep 1
  fi
done
