#!/bin/bash
# Runs the reduction-pipeline benchmark on the data set of make-dataset.sh and writes docs/BENCHMARKS.md.
# Usage: bench/run-benchmarks.sh [--quick]     (--quick: fewer modes in the full table, for a smoke run)
# Every figure comes from `handoff profile` (encode from memory into memory, then decode likewise, timed) or
# from Debian's own zstd CLI, measured in this run on this machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
quick=${1:-}
data=${HANDOFF_DATA:-/var/tmp/cloudlet-handoff/dataset}
results=${HANDOFF_RESULTS:-$root/bench/results}
mkdir -p "$results"

"$root/bin/setup"
(cd "$root" && mvn -q -B -DskipTests package)
"$here/make-dataset.sh" "$data"
# Run from a private copy of the build: a rebuild of the checkout during the hour this takes must not swap the
# jar under the running JVMs.
{ git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown; } > "$results/commit"
git -C "$root" diff --quiet HEAD -- driver native-bridge fuse-tracker pom.xml 2>/dev/null || echo "(with uncommitted changes)" >> "$results/commit"
build=$(mktemp -d /var/tmp/handoff-bench-build.XXXXXX)
trap 'rm -rf "$build"' EXIT
cp "$root"/driver/target/driver-*.jar "$build/" && cp -r "$root/driver/target/lib" "$build/lib"
export HANDOFF_LIB=$build
handoff=$root/bin/handoff
images=(--base-disk "$data/base-disk.img" --disk "$data/disk.img" --base-memory "$data/base-mem.img" --memory "$data/mem.img")
cores=$(nproc)

echo "bench: 1/4 targets on the full modified set, pinned to 1 core and to $cores cores" >&2
fast=none,lz4,zstd-1,zstd-3,xor+zstd-3
heavy=gzip-6,lzma-6,bzip2-9   # ~100x slower: measured on a 24 MB sample of the same set
pinned() { # CORES THREADS CSV
  taskset -c "$1" "$handoff" profile "${images[@]}" --modes "$fast" --threads "$2" --sample-mb 100000 --warmup 1 \
    --repeat 5 --csv "$3" ${4:+--dump-dirty "$4"} >/dev/null
  taskset -c "$1" "$handoff" profile "${images[@]}" --modes "$heavy" --threads "$2" --sample-mb 24 --warmup 1 \
    --repeat 2 --csv "$3.heavy" >/dev/null
  tail -n +2 "$3.heavy" >> "$3" && rm -f "$3.heavy"
}
pinned 0 1 "$results/pinned-1core.csv" "$results/dirty.bin"
pinned "0-$((cores - 1))" "$cores" "$results/pinned-allcores.csv"

echo "bench: 2/4 zstd -3 on the modified chunks alone" >&2
zstd -3 -q -c "$results/dirty.bin" | wc -c > "$results/zstd-cli-3.bytes"
stat -c %s "$results/dirty.bin" > "$results/dirty.bytes"
rm -f "$results/dirty.bin"

echo "bench: 3/4 native liblzma/libbz2 against xz-java/commons-compress" >&2
natmodes=$(for c in lzma bzip2; do for l in 1 2 3 4 5 6 7 8 9; do printf '%s-%s,' "$c" "$l"; done; done)
natmodes=${natmodes%,}
taskset -c 0 "$handoff" profile "${images[@]}" --modes "$natmodes" --threads 1 --sample-mb 24 --warmup 1 --repeat 2 \
  --csv "$results/native.csv" >/dev/null
HANDOFF_JAVA_OPTS="-XX:+UseParallelGC -Dhandoff.native.disable=true" taskset -c 0 "$handoff" profile "${images[@]}" \
  --modes "$natmodes" --threads 1 --sample-mb 24 --warmup 1 --repeat 2 --csv "$results/java.csv" >/dev/null

echo "bench: 4/4 every mode at 1 and $cores worker threads (the adaptation profile)" >&2
if [ "$quick" = --quick ]; then all=none,lz4,zstd-1,xor+zstd-3,bsdiff+gzip-6,xdelta3+lzma-1; else all=all; fi
"$handoff" profile "${images[@]}" --modes "$all" --threads "1,$cores" --sample-mb 16 --warmup 1 --repeat 1 \
  --csv "$results/all-modes.csv" >/dev/null

python3 "$here/write-report.py" "$results" "$data" > "$root/docs/BENCHMARKS.md"
echo "bench: wrote docs/BENCHMARKS.md" >&2
