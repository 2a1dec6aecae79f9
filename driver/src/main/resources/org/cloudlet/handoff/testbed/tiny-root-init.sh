#!/bin/sh
# PID 1 of the tiny guest booted from its ext4 root disk (testbed --disk tracked): the initramfs's own files on a
# disk, so the guest writes to a tracked disk with nothing but busybox. The same control shell on hvc0.
export PATH=/bin:/sbin
mkdir -p /tmp /work
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /work
echo "tiny-root-init: ready"
while true; do
  if [ -c /dev/hvc0 ]; then
    setsid sh -c 'exec sh -i </dev/hvc0 >/dev/hvc0 2>&1' 2>/dev/null
  else
    sleep 1
  fi
done
