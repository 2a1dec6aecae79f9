# Shared by the testbed benchmark harnesses (sourced, not run): a private copy of the build, resumable experiments
# appended to a JSON-lines results file, one line per experiment.
#   bench_prepare                      installs, builds, copies the build aside; sets root, build, commit, tiny, debian
#   done_count RESULTS SET BW LABEL    experiments already recorded for that configuration
#   experiment RESULTS SET GUEST MEM WORKLOAD BW METHOD LABEL RUN [testbed args...]
#                                      runs one unless RUN are already recorded; LABEL tells configurations of one
#                                      method apart (a mode, a core count); the record gets set, label, run, commit

bench_prepare() {
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  "$root/bin/setup"
  (cd "$root" && mvn -q -B -DskipTests package)
  # A private copy of the build: rebuilding the checkout during a long run must not change what runs.
  build=/var/tmp/cloudlet-handoff/bench-build
  rm -rf "$build" && mkdir -p "$build" && cp "$root"/driver/target/driver-*.jar "$build/" && cp -r "$root/driver/target/lib" "$build/"
  commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  tiny=/var/tmp/cloudlet-handoff/guests/tiny
  debian=/var/tmp/cloudlet-handoff/guests/debian
  "$root/testbed/guest/build-tiny.sh" "$tiny"
}

handoff_cli() { # the private build's `handoff`
  java -cp "$build/driver-0.1.0-SNAPSHOT.jar:$build/lib/*" org.cloudlet.handoff.cli.Main "$@"
}

done_count() {
  touch "$1"
  python3 - "$@" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        n += (r.get("set"), r.get("bandwidth"), r.get("label", r.get("method"))) == tuple(sys.argv[2:5])
print(n)
PY
}

experiment() {
  local results=$1 set=$2 guest=$3 mem=$4 workload=$5 bw=$6 method=$7 label=$8 run=$9; shift 9
  [ "$(done_count "$results" "$set" "$bw" "$label")" -ge "$run" ] && return 0
  # Stock QEMU as an operator would set it up to converge at WAN rates; the handoff with QEMU's defaults.
  local stock=(--downtime-limit-ms 2000 --auto-converge)
  case $method in handoff|virsh-handoff|handoff-migrate) stock=(--downtime-limit-ms 300) ;; esac
  local work; work=$(mktemp -d /var/tmp/handoff-bench.XXXXXX)
  echo "$(date +%T) $set $bw $label run $run" >&2
  if handoff_cli testbed --guest "$guest" --workload "$workload" --method "$method" --bandwidth "$bw" --rtt 50ms \
      --guest-mem "$mem" "${stock[@]}" "$@" --timeout-s 2700 --work "$work" --json "$work/result.json" > "$work/log" 2>&1 \
      || [ -s "$work/result.json" ]; then
    python3 - "$work/result.json" "$set" "$label" "$run" "$commit" "${BENCH_ROUND:-}" >> "$results" <<'PY'
import datetime, json, sys
r = json.load(open(sys.argv[1]))
r.update(set=sys.argv[2], label=sys.argv[3], run=int(sys.argv[4]), commit=sys.argv[5], date=datetime.date.today().isoformat())
if sys.argv[6]:
    r.update(round=sys.argv[6])  # the runs made back to back with this one (write-adaptation-report.py pairs them)
print(json.dumps(r))
PY
  else
    python3 - "$work/log" "$set" "$bw" "$method" "$label" "$run" "$commit" >> "$results" <<'PY'
import datetime, json, sys
log = open(sys.argv[1]).read()[-600:]
print(json.dumps(dict(set=sys.argv[2], bandwidth=sys.argv[3], method=sys.argv[4], label=sys.argv[5], run=int(sys.argv[6]),
                      commit=sys.argv[7], verified=False, error=log, date=datetime.date.today().isoformat())))
PY
  fi
  tail -n 1 "$results" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   ", {k: r.get(k) for k in ("total_s","downtime_s","wire_bytes","verified","error")})' >&2
  rm -rf "$work"
}
