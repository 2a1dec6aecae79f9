#!/bin/bash
# The fuse-tracker's I/O cost: fio through a tracked disk (handoff disk mount) against the same image read and
# written directly, measured in the same run. Sequential 1 MiB and random 4 KiB reads and writes, one job, queue
# depth 1 (psync), each for RUNTIME seconds after dropping the page cache; every write job starts from a fresh
# overlay, so it pays the copy-on-write of first writes. Two client modes: O_DIRECT (QEMU cache=none, the usual
# production setting) and buffered (QEMU cache=writeback; writes end with an fsync). REPS rounds, each running
# every job on both targets back to back; the report takes medians.
# Writes bench/results/disk-tracker.jsonl and the "fuse-tracker" section of docs/BENCHMARKS.md.
# Usage: [SIZE_MB=1024] [RUNTIME=10] [REPS=3] bench/disk-tracker.sh   (root: FUSE mount, drop_caches)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=${SIZE_MB:-1024}
runtime=${RUNTIME:-10}
reps=${REPS:-3}
"$root/bin/setup"
command -v fio >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq --no-install-recommends fio >/dev/null; }
ls "$root"/driver/target/driver-*.jar >/dev/null 2>&1 || (cd "$root" && mvn -q -B -DskipTests package)
work=/var/tmp/handoff-disk-bench
mnt=$work/mnt
cleanup() { fusermount -u "$mnt" 2>/dev/null || true; [ -n "${tracker:-}" ] && kill "$tracker" 2>/dev/null || true; }
trap cleanup EXIT
cleanup; rm -rf "$work"; mkdir -p "$work"
# The base: real bytes on disk (not sparse), so reads cost what a VM's image reads cost.
head -c $((size << 20)) /dev/urandom > "$work/base.img"
cp "$work/base.img" "$work/direct.img"
results=$root/bench/results/disk-tracker.jsonl
commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
: > "$results"

mount_tracker() {
  cleanup
  rm -rf "$work/overlay"
  "$root/bin/handoff" disk mount --base "$work/base.img" --overlay "$work/overlay" "$mnt" > "$work/tracker.log" 2>&1 &
  tracker=$!
  for _ in $(seq 1 200); do [ -f "$mnt/disk.img" ] && return 0; sleep 0.05; done
  echo "tracker did not mount: $(cat "$work/tracker.log")" >&2; exit 1
}

job() { # target file direct name rw bs rep
  local target=$1 file=$2 direct=$3 name=$4 rw=$5 bs=$6 rep=$7
  sync; echo 3 > /proc/sys/vm/drop_caches
  local extra=(); case "$rw" in *write*) extra=(--end_fsync=1) ;; esac
  fio --name="$name" --filename="$file" --rw="$rw" --bs="$bs" --size="${size}M" --runtime="$runtime" --time_based \
      --direct="$direct" --ioengine=psync --iodepth=1 --numjobs=1 --randrepeat=0 "${extra[@]}" --output-format=json \
      > "$work/fio.json"
  python3 - "$work/fio.json" "$target" "$direct" "$name" "$commit" "$rep" >> "$results" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]
side = j["read"] if j["read"]["io_bytes"] else j["write"]
print(json.dumps(dict(target=sys.argv[2], direct=int(sys.argv[3]), job=sys.argv[4], mb_s=side["bw_bytes"] / 1e6,
                      iops=side["iops"], commit=sys.argv[5], rep=int(sys.argv[6]))))
PY
  tail -n 1 "$results" >&2
}

for rep in $(seq 1 "$reps"); do
  for direct in 1 0; do
    for spec in "seq-read read 1M" "seq-write write 1M" "rand-read randread 4k" "rand-write randwrite 4k"; do
      set -- $spec
      job direct "$work/direct.img" "$direct" "$1" "$2" "$3" "$rep"
      mount_tracker
      job tracked "$mnt/disk.img" "$direct" "$1" "$2" "$3" "$rep"
    done
  done
done
cleanup
python3 "$root/bench/write-disk-report.py" "$results" --splice "$root/docs/BENCHMARKS.md"
echo "fuse-tracker benchmark: $results → docs/BENCHMARKS.md" >&2
