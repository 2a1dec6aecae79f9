#!/bin/sh
# The Debian guest's benchmark workload, sized from the guest's memory (M = MemTotal):
#  - a Python process caching ~M/8 of records built from real text (the guest's own Python sources);
#  - a Python/NumPy process holding ~M/8 of numeric state (a rounded random walk and counters), which keeps
#    rewriting 1 MiB of it per second through the handoff (the memory dirtier, at a set rate).
# verify: the cache holds every record with the same content digest; the NumPy process is alive, its untouched
# state still has its checksum, and its update counter moved on. Needs the Debian guest (python3-numpy).
# (The Debian guest as a whole can crash after long migrations under this machine's QEMU 7.2 TCG, by the handoff
# and by stock precopy alike: see docs/BENCHMARKS.md. Keep workloads from reading /dev/urandom during the
# migration, which makes it worse.)
set -e
W=/work/mixed
case "$1" in
start)
  mkdir -p $W
  mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
  share_mb=$((mem_kb / 1024 / 8))
  python3 - "$share_mb" > $W/cache.log 2>&1 <<'PY' &
import glob, hashlib, os, random, signal, sys, time
target = int(sys.argv[1]) << 20
rng = random.Random(7)
lines = [l.strip() for f in sorted(glob.glob('/usr/lib/python3*/**/*.py', recursive=True))[:400]
         for l in open(f, errors='replace') if len(l.strip()) > 20]
cache, size, n = {}, 0, 0
while size < target:
    text = ' '.join(rng.choice(lines) for _ in range(rng.randint(3, 9)))
    cache['user:%08d' % n] = '{"id":%d,"name":"user%d","score":%d,"tags":["%s"],"note":"%s"}' % (
        n, rng.randrange(10**6), rng.randrange(1000), rng.choice(lines)[:24], text)
    size += len(cache['user:%08d' % n]) + 64
    n += 1
def digest():
    h = hashlib.sha256()
    for k in sorted(cache):
        h.update(k.encode()); h.update(cache[k].encode())
    return h.hexdigest()
reference = digest()
def check(*_):
    open('/work/mixed/cache.check', 'w').write('ok %d' % len(cache) if digest() == reference else 'bad')
signal.signal(signal.SIGUSR1, check)
open('/work/mixed/cache.count', 'w').write(str(len(cache)))
open('/work/mixed/cache.pid', 'w').write(str(os.getpid()))
while True:
    signal.pause()
PY
  for i in $(seq 1 600); do [ -s $W/cache.pid ] && break; sleep 1; done
  [ -s $W/cache.pid ] || { echo "cache did not start:"; cat $W/cache.log; exit 1; }
  python3 - "$share_mb" > $W/numpy.log 2>&1 <<'PY' &
import hashlib, os, signal, sys, time
import numpy as np
mb = int(sys.argv[1])
rng = np.random.default_rng(11)
n = (mb << 20) // 8
state = np.round(np.cumsum(rng.normal(size=n // 2)), 3)           # untouched after start
counters = rng.integers(0, 1000, size=n // 2 // 2, dtype=np.int64)   # 1 MiB of it rewritten per second
reference = hashlib.sha256(state.tobytes()).hexdigest()
def check(*_):
    ok = hashlib.sha256(state.tobytes()).hexdigest() == reference
    open('/work/mixed/numpy.check', 'w').write('ok' if ok else 'bad')
signal.signal(signal.SIGUSR1, check)
open('/work/mixed/numpy.pid', 'w').write(str(os.getpid()))
step, per = 0, (1 << 20) // 8
while True:
    at = (step * per) % (len(counters) - per)
    counters[at:at + per] = rng.integers(0, 1000, size=per)
    step += 1
    open('/work/mixed/numpy.step.new', 'w').write(str(step))
    os.replace('/work/mixed/numpy.step.new', '/work/mixed/numpy.step')  # verify never reads it half-written
    time.sleep(1.0)
PY
  for i in $(seq 1 300); do [ -s $W/numpy.step ] && break; sleep 1; done
  [ -s $W/numpy.step ] || { echo "numpy holder did not start:"; cat $W/numpy.log; exit 1; }
  echo "started: $(cat $W/cache.count) cached records, ${share_mb} MB numpy state"
  ;;
verify)
  cache=$(cat $W/cache.pid)
  kill -0 "$cache" || { echo "cache process gone"; exit 1; }
  rm -f $W/cache.check; kill -USR1 "$cache"
  for i in $(seq 1 120); do [ -s $W/cache.check ] && break; sleep 1; done
  [ "$(cat $W/cache.check 2>/dev/null)" = "ok $(cat $W/cache.count)" ] || { echo "cached records changed: $(cat $W/cache.check 2>/dev/null)"; exit 1; }
  pid=$(cat $W/numpy.pid)
  kill -0 "$pid" || { echo "numpy holder gone"; exit 1; }
  rm -f $W/numpy.check; kill -USR1 "$pid"
  for i in $(seq 1 60); do [ -s $W/numpy.check ] && break; sleep 1; done
  [ "$(cat $W/numpy.check 2>/dev/null)" = ok ] || { echo "numpy state checksum mismatch"; exit 1; }
  before=$(cat $W/numpy.step); sleep 2; after=$(cat $W/numpy.step)
  [ "$after" -gt "$before" ] || { echo "numpy dirtier not running ($before -> $after)"; exit 1; }
  echo "ok: $(cat $W/cache.count) cached records intact, numpy state intact, dirtier at step $after"
  ;;
*)
  echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
