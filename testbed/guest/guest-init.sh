#!/bin/sh
# PID 1 of the tiny guest. Console on ttyS0 (kernel and this script's log); the testbed's control shell on hvc0
# (virtio-console), where the host sends workload scripts and commands. Workloads live in /work (tmpfs).
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmpfs /tmp
mkdir -p /work && mount -t tmpfs tmpfs /work
for pass in 1 2; do   # twice: a module whose dependency came later in the list loads on the second pass
  while read -r m; do insmod "/lib/modules/$m" 2>/dev/null; done < /etc/modules.order
done
ip link set lo up 2>/dev/null
echo "guest-init: ready"
# The control shell: one line in, its output back, then a marker with the exit status (the host parses it).
while true; do
  if [ -c /dev/hvc0 ]; then
    setsid sh -c 'exec sh -i </dev/hvc0 >/dev/hvc0 2>&1' 2>/dev/null
  else
    sleep 1
  fi
done
