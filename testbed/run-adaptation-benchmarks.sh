#!/bin/bash
# The adaptation's evaluation on the two-cloudlet testbed: the Debian guest (1 GiB, testbed/workloads/debian-mixed.sh,
# 50 ms RTT), handoffs with the adaptive controller against static modes, every configuration of a set in the same
# run of this script, interleaved (run 1 of everything, then run 2, ...). Results are appended to
# bench/results/adaptation.jsonl (resumable: a configuration measured RUNS times is skipped), adaptive runs keep their
# trace under bench/results/adaptation-traces/, and docs/BENCHMARKS.md's adaptation section is rewritten from them.
#   candidates  every mode's P and R measured offline on this guest's own memory under the same workload (`handoff
#               profile build`, kept in bench/results/adaptation-modes.csv); the modes no other beats in both CPU and
#               R (the Pareto front, at most FRONT of them spread along it) are the static modes the sweeps run: a
#               mode beaten in both cannot be the best static one at any bandwidth or core count
#   sweep       adaptive and every front mode (FASTEST and HIGHEST among them: the least CPU per chunk and the least
#               R in the shipped profile) at each of BANDWIDTHS with the source daemon on 2 cores, and at each of
#               ONE_CORE_BW on 1
#   change      adaptive and every front mode while the link goes 5 → 35 Mbit/s at 20 s and back to 5 at 40 s
# The hours go to the modes that can be the best static one (bench/contenders.py): a static mode runs again only
# while its median total is within CONTEND (default 1.25) of the configuration's best, and in the sweeps a mode not yet
# measured at a bandwidth is skipped when the link alone would need more than that to carry the bytes it sent at
# another bandwidth. FASTEST and HIGHEST run once
# everywhere, again only while in contention. Bandwidths go fastest first, so those bytes are known early.
# Usage: [RUNS=1] [SETS="sweep change"] [BANDWIDTHS="25mbit 20mbit 15mbit 10mbit 5mbit"]
#        [ONE_CORE_BW="25mbit 10mbit 5mbit"] [FRONT=12] [CONTEND=1.25] [MODES="bzip2-9 lzma-6"]
#        testbed/run-adaptation-benchmarks.sh   (MODES: only these of the static modes this time, and FASTEST and HIGHEST)
#        (root; the slowest configurations come last)
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
runs=${RUNS:-1}
sets=${SETS:-"sweep change"}
bandwidths=${BANDWIDTHS:-"25mbit 20mbit 15mbit 10mbit 5mbit"}
one_core_bw=${ONE_CORE_BW-"25mbit 10mbit 5mbit"} # set and empty: no 1-core sweep
front_max=${FRONT:-12}
contend=${CONTEND:-1.25}
bench_prepare
started=$(date +%Y%m%dT%H%M%S)
"$root/testbed/guest/build-debian.sh" "$debian"
results=$root/bench/results/adaptation.jsonl
traces=$root/bench/results/adaptation-traces
workload=$root/testbed/workloads/debian-mixed.sh
mkdir -p "$traces"

modes_csv=$root/bench/results/adaptation-modes.csv
if [ ! -s "$modes_csv" ]; then
  echo "$(date +%T) candidates: every mode on the Debian guest's memory" >&2
  handoff_cli profile build --workload "$workload" --guest "$debian" --sample-mb 16 -o "$modes_csv.part" > /dev/null
  mv "$modes_csv.part" "$modes_csv"
fi
read -r fastest highest < <(python3 "$root/bench/pareto-modes.py" "$root/driver/src/main/resources/org/cloudlet/handoff/adapt/default-profile.csv" --extremes)
front=$(python3 "$root/bench/pareto-modes.py" "$modes_csv" --max "$front_max")
if [ -n "${MODES:-}" ]; then # a subset of the front, to spend a session's hours where they count
  for m in $MODES; do case " $front $fastest $highest " in *" $m "*) ;; *) echo "MODES: $m is not a static mode of this sweep ($front)" >&2; exit 2 ;; esac; done
  front=$MODES
fi
for m in "$fastest" "$highest"; do case " $front " in *" $m "*) ;; *) front="$front $m" ;; esac; done
echo "static modes: $front (FASTEST $fastest, HIGHEST $highest)" >&2

handoff() { # set bandwidth label run mode [testbed args]: one Debian handoff; adaptive ones keep their trace
  local set=$1 bw=$2 label=$3 run=$4 mode=$5; shift 5
  local extra=(--mode "$mode")
  [ "$mode" = adaptive ] && extra+=(--trace "$traces/$set-$bw-${label//[^A-Za-z0-9+.-]/_}-$run.json")
  experiment "$results" "$set" "$debian" 1024 "$workload" "$bw" handoff "$label" "$run" "${extra[@]}" "$@"
}

contends() { # set bandwidth mode: whether the static mode is still worth a run there
  local bound=(); case $1 in sweep*) bound=(--bound) ;; esac
  [ -n "$(python3 "$root/bench/contenders.py" "$results" "$1" "$2" "$contend" "${bound[@]}" --keep "$fastest $highest" "$3")" ]
}

sweep() { # set bandwidth run [testbed args]: adaptive, then every static mode still in contention, as one round
  local set=$1 bw=$2 run=$3; shift 3
  export BENCH_ROUND="$started-$set-$bw-$run" # the testbed's speed drifts over hours: the report pairs within a round
  handoff "$set" "$bw" adaptive "$run" adaptive "$@"
  for mode in $front; do
    if contends "$set" "$bw" "$mode"; then
      handoff "$set" "$bw" "$mode" "$run" "$mode" "$@"
    else
      echo "$(date +%T) $set $bw $mode run $run: skipped, out of contention (bench/contenders.py)" >&2
    fi
  done
}

for run in $(seq 1 "$runs"); do
  for set in $sets; do
    case $set in
      sweep)
        for bw in $bandwidths; do
          sweep sweep-2core "$bw" "$run" --source-daemon-cores 2
          case " $one_core_bw " in *" $bw "*) sweep sweep-1core "$bw" "$run" --source-daemon-cores 1 ;; esac
        done ;;
      change) sweep change 5mbit "$run" --bandwidth-changes 20s:35mbit,40s:5mbit ;;
      *) echo "unknown set $set (sweep, change)" >&2; exit 2 ;;
    esac
  done
done
python3 "$root/bench/write-adaptation-report.py" "$results" --traces "$traces" --modes "$modes_csv" --extremes "$fastest $highest" --splice "$root/docs/BENCHMARKS.md"
echo "adaptation benchmark: $results → docs/BENCHMARKS.md" >&2
