#!/bin/sh
# The Debian guest's benchmark workload, sized from the guest's memory (M = MemTotal):
#  - redis holding ~M/8 of records built from real text (the guest's own Python sources), as a cache would;
#  - a Python/NumPy process holding ~M/8 of numeric state (a rounded random walk and counters), which keeps
#    rewriting 1 MiB of it per second through the handoff (the memory dirtier, at a set rate).
# verify: redis has every record and the same content digest; the NumPy process is alive, its untouched state
# still has its checksum, and its update counter moved on. Needs the Debian guest (python3-numpy, redis).
set -e
W=/work/mixed
case "$1" in
start)
  mkdir -p $W
  mem_kb=$(awk '/MemTotal/ {print $2}' /proc/meminfo)
  share_mb=$((mem_kb / 1024 / 8))
  redis-server --daemonize yes --save '' --appendonly no --enable-debug-command yes --dir $W \
    --logfile $W/redis.log --maxmemory 0 >/dev/null
  for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
  python3 - "$share_mb" > $W/records.resp <<'PY'
import glob, random, sys
target = int(sys.argv[1]) << 20
rng = random.Random(7)
lines = [l.strip() for f in sorted(glob.glob('/usr/lib/python3*/**/*.py', recursive=True))[:400]
         for l in open(f, errors='replace') if len(l.strip()) > 20]
out, size, n = sys.stdout, 0, 0
while size < target:
    text = ' '.join(rng.choice(lines) for _ in range(rng.randint(3, 9)))
    value = '{"id":%d,"name":"user%d","score":%d,"tags":["%s"],"note":"%s"}' % (
        n, rng.randrange(10**6), rng.randrange(1000), rng.choice(lines)[:24].replace('"', "'"), text.replace('"', "'"))
    key = 'user:%08d' % n
    out.write('*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n' % (len(key), key, len(value.encode()), value))
    size += len(value) + 64
    n += 1
PY
  redis-cli --pipe < $W/records.resp > $W/pipe.log
  rm -f $W/records.resp
  redis-cli dbsize > $W/redis.count
  redis-cli debug digest > $W/redis.digest
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
    open('/work/mixed/numpy.step', 'w').write(str(step))
    time.sleep(1.0)
PY
  for i in $(seq 1 300); do [ -s $W/numpy.step ] && break; sleep 1; done
  [ -s $W/numpy.step ] || { echo "numpy holder did not start:"; cat $W/numpy.log; exit 1; }
  echo "started: $(cat $W/redis.count) redis records, ${share_mb} MB numpy state"
  ;;
verify)
  [ "$(redis-cli dbsize)" = "$(cat $W/redis.count)" ] || { echo "redis lost records"; exit 1; }
  [ "$(redis-cli debug digest)" = "$(cat $W/redis.digest)" ] || { echo "redis content digest changed"; exit 1; }
  pid=$(cat $W/numpy.pid)
  kill -0 "$pid" || { echo "numpy holder gone"; exit 1; }
  rm -f $W/numpy.check; kill -USR1 "$pid"
  for i in $(seq 1 60); do [ -s $W/numpy.check ] && break; sleep 1; done
  [ "$(cat $W/numpy.check 2>/dev/null)" = ok ] || { echo "numpy state checksum mismatch"; exit 1; }
  before=$(cat $W/numpy.step); sleep 2; after=$(cat $W/numpy.step)
  [ "$after" -gt "$before" ] || { echo "numpy dirtier not running ($before -> $after)"; exit 1; }
  echo "ok: $(cat $W/redis.count) redis records intact, numpy state intact, dirtier at step $after"
  ;;
*)
  echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
