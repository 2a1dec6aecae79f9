#!/bin/sh
# PID 1 of the tiny guest. Console on ttyS0 (kernel and this script's log); the testbed's control shell on hvc0
# (virtio-console), where the host sends workload scripts and commands. Workloads live in /work (tmpfs).
# Also the tiny guest's /sbin/handoff-init on its own root disk (testbed --disk tracked): run again after
# switch_root, it finds /proc, /sys and /dev moved along and does not switch a second time.
export PATH=/bin:/sbin
[ -e /proc/self ] || mount -t proc proc /proc
[ -e /sys/kernel ] || mount -t sysfs sys /sys
[ -e /dev/null ] || mount -t devtmpfs dev /dev
mount -t tmpfs tmpfs /tmp
mkdir -p /work && mount -t tmpfs tmpfs /work
for pass in 1 2; do   # twice: a module whose dependency came later in the list loads on the second pass
  while read -r m; do insmod "/lib/modules/$m" 2>/dev/null; done < /etc/modules.order
done
ip link set lo up 2>/dev/null
# A root disk (the Debian guest's; the tiny guest's with testbed --disk tracked): its ext4 image becomes / —
# read-only under a tmpfs overlay (shared by both cloudlets, see build-debian.sh), or with handoff.rw=1 read-write
# (the guest's own tracked disk, see fuse-tracker).
root=$(sed -n 's/.*handoff\.root=\([^ ]*\).*/\1/p' /proc/cmdline)
rw=$(sed -n 's/.*handoff\.rw=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$root" ] && [ -z "$HANDOFF_SWITCHED" ]; then
  umount /work /tmp
  mkdir -p /lower /upper /newroot
  if [ "$rw" = 1 ]; then
    mount -t ext4 "$root" /newroot
  else
    mount -t tmpfs tmpfs /upper && mkdir -p /upper/rw /upper/work \
      && mount -t ext4 -o ro "$root" /lower \
      && mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/rw,workdir=/upper/work /newroot
  fi
  if grep -q " /newroot " /proc/mounts; then
    for d in proc sys dev; do mount --move "/$d" "/newroot/$d"; done
    echo "guest-init: switching to $root"
    export HANDOFF_SWITCHED=1
    exec switch_root /newroot /sbin/handoff-init
  fi
  echo "guest-init: cannot mount $root as the root; staying in the initramfs"
  mount -t tmpfs tmpfs /tmp && mount -t tmpfs tmpfs /work
fi
echo "guest-init: ready"
# The control shell: one line in, its output back, then a marker with the exit status (the host parses it).
while true; do
  if [ -c /dev/hvc0 ]; then
    setsid sh -c 'exec sh -i </dev/hvc0 >/dev/hvc0 2>&1' 2>/dev/null
  else
    sleep 1
  fi
done
