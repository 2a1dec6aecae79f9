#!/bin/sh
# A mixed workload for the tiny guest (busybox sh): 16 MB of random bytes (incompressible), 32 MB of text (the
# kernel's symbol table, copied with changes, compressible like logs or source), and a process rewriting 4 MB of
# it at about 1 MB/s through the handoff. verify: the data's checksums hold, the rewriter runs on.
case "$1" in
start)
  mkdir -p /work/m
  dd if=/dev/urandom of=/work/m/random bs=1M count=16 2>/dev/null
  i=0
  while [ "$(wc -c < /work/m/text 2>/dev/null || echo 0)" -lt 33554432 ]; do
    i=$((i + 1)); sed "s/ T / T$i /" /proc/kallsyms >> /work/m/text
  done
  md5sum /work/m/random /work/m/text > /work/m/sums
  ( n=0
    while true; do
      n=$((n + 1)); echo "$n" > /work/m/counter
      dd if=/work/m/text of=/work/m/scratch bs=256k count=1 skip=$((n % 120)) seek=$((n % 16)) conv=notrunc 2>/dev/null
      sleep 0.25
    done ) > /dev/null 2>&1 &
  echo $! > /work/m/rewriter.pid
  ;;
verify)
  md5sum -c /work/m/sums > /dev/null || { echo "data checksum mismatch"; exit 1; }
  kill -0 "$(cat /work/m/rewriter.pid)" || { echo "rewriter gone"; exit 1; }
  before=$(cat /work/m/counter); sleep 1; after=$(cat /work/m/counter)
  [ "$after" -gt "$before" ] || { echo "rewriter not running ($before -> $after)"; exit 1; }
  echo "ok: random and text data intact, rewriter at $after"
  ;;
*)
  echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
