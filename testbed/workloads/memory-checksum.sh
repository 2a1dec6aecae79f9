#!/bin/sh
# Holds 32 MB of random data in guest memory (tmpfs) and keeps a process rewriting another file through the
# handoff. verify: the data's checksum holds, the process still runs, its counter moved on. POSIX sh (busybox).
case "$1" in
start)
  mkdir -p /work/w
  dd if=/dev/urandom of=/work/w/data bs=1M count=32 2>/dev/null   # random bytes made before the handoff
  md5sum /work/w/data > /work/w/sums
  ( i=0
    while true; do
      i=$((i + 1)); echo "$i" > /work/w/counter
      dd if=/work/w/data of=/work/w/scratch bs=64k count=16 skip=$((i % 400)) 2>/dev/null
      sleep 0.2
    done ) > /dev/null 2>&1 &
  echo $! > /work/w/dirtier.pid
  ;;
verify)
  md5sum -c /work/w/sums > /dev/null || { echo "data checksum mismatch"; exit 1; }
  kill -0 "$(cat /work/w/dirtier.pid)" || { echo "dirtier process gone"; exit 1; }
  before=$(cat /work/w/counter); sleep 1; after=$(cat /work/w/counter)
  [ "$after" -gt "$before" ] || { echo "dirtier not running ($before → $after)"; exit 1; }
  echo "ok: data intact, dirtier at $after"
  ;;
*)
  echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
