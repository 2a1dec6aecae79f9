#!/bin/bash
# What each mode puts on the wire for the same pages: replays a source migration stream captured by a source daemon
# run with HANDOFF_DEBUG_TEE=DIR (the stream QEMU sent, DIR/source-*.mig) through each mode against the stored base
# it was encoded against, and prints each mode's encoded bytes at every STEP MiB of the stream.
# Usage: bench/replay-modes.sh STREAM BASE-ID MODES [STEP-MIB] [THREADS]
#   e.g. bench/replay-modes.sh /var/tmp/tee/source-1.mig 225e23e3… bzip2-9,xor+bzip2-6,lzma-1 25
#   BASE_STORE: the store holding the base (default: the testbed's source store)
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && mvn -q -B -DskipTests package)
cp="$root/driver/target/driver-0.1.0-SNAPSHOT.jar:$root/driver/target/lib/*"
exec java -cp "$cp" "$root/bench/replay/ReplayModes.java" "$1" "${BASE_STORE:-/var/tmp/cloudlet-handoff/testbed/store-a}" "$2" "$3" \
  "${4:-25}" "${5:-$(nproc)}"
