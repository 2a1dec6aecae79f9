#!/bin/bash
# Given configurations of the adaptation benchmark, run back to back, each tagged with its round: what an adaptive run
# is compared with in the same round (the testbed's speed drifts over hours, and every run boots its own guest).
# Rows go to bench/results/adaptation.jsonl like run-adaptation-benchmarks.sh's, adaptive runs keep their trace.
# Usage: testbed/run-rounds.sh "SET:BW:LABEL:RUN:ROUND ..."   (root)
#   SET    change (5 → 35 Mbit/s at 20 s, back to 5 at 40 s), sweep-2core or sweep-1core (source daemon's cores)
#   LABEL  adaptive or a static mode (bzip2-5, ...); RUN the run number (skipped if that many are recorded)
#   e.g.   testbed/run-rounds.sh "change:5mbit:adaptive:1:r1 change:5mbit:bzip2-5:18:r1 sweep-2core:10mbit:adaptive:1:r2"
set -euo pipefail
[ $# -eq 1 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
source "$(dirname "$0")/bench-lib.sh"
bench_prepare
results=$root/bench/results/adaptation.jsonl
traces=$root/bench/results/adaptation-traces
workload=$root/testbed/workloads/debian-mixed.sh
"$root/testbed/guest/build-debian.sh" "$debian"
mkdir -p "$traces"
for item in $1; do
  IFS=: read -r set bw label run tag <<< "$item"
  [ -n "$tag" ] || { echo "run-rounds: $item is not SET:BW:LABEL:RUN:ROUND" >&2; exit 2; }
  extra=(--mode "$label")
  [ "$label" = adaptive ] && extra+=(--trace "$traces/$set-$bw-adaptive-$run.json")
  case $set in
    change) extra+=(--bandwidth-changes 20s:35mbit,40s:5mbit) ;;
    sweep-2core) extra+=(--source-daemon-cores 2) ;;
    sweep-1core) extra+=(--source-daemon-cores 1) ;;
    *) echo "run-rounds: unknown set $set (change, sweep-2core, sweep-1core)" >&2; exit 2 ;;
  esac
  export BENCH_ROUND="$tag"
  experiment "$results" "$set" "$debian" 1024 "$workload" "$bw" handoff "$label" "$run" "${extra[@]}"
done
