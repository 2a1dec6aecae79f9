#!/bin/sh
# The reference workload the built-in adaptation profile is measured on (`handoff profile build`); deliberately
# none of the benchmark workloads: developer tooling in the Debian guest — a Python process that parses the
# guest's Python sources into syntax trees and an in-memory SQLite index of their names, and a C compile whose
# output and object files sit in the page cache.
# verify: the process is alive and its index still has the row count it started with.
set -e
W=/work/reference
case "$1" in
start)
  mkdir -p $W
  python3 - > $W/tools.log 2>&1 <<'PY' &
import ast, glob, os, signal, sqlite3
trees, db = [], sqlite3.connect(':memory:')
db.execute('create table names (file text, line int, kind text, name text)')
for f in sorted(glob.glob('/usr/lib/python3*/**/*.py', recursive=True))[:700]:
    try:
        tree = ast.parse(open(f, errors='replace').read(), f)
    except (SyntaxError, ValueError):
        continue
    trees.append(tree)
    db.executemany('insert into names values (?, ?, ?, ?)',
                   [(f, n.lineno, type(n).__name__, n.name) for n in ast.walk(tree)
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))])
db.execute('create index by_name on names (name)')
rows = db.execute('select count(*) from names').fetchone()[0]
def check(*_):
    n = db.execute('select count(*) from names').fetchone()[0]
    open('/work/reference/tools.check', 'w').write('ok %d' % n if n == rows else 'bad')
signal.signal(signal.SIGUSR1, check)
open('/work/reference/tools.rows', 'w').write(str(rows))
open('/work/reference/tools.pid', 'w').write(str(os.getpid()))
while True:
    signal.pause()
PY
  # the compile: a generated C file of many small functions, built at -O2
  python3 -c "
print('#include <stdio.h>')
for i in range(600):
    print('int f%d(int x) { int s = %d; for (int k = 0; k < x; k++) s = s * 31 + k %% %d; return s; }' % (i, i, i + 7))
print('int main(void) { long t = 0;')
for i in range(0, 600, 5):
    print('t += f%d(%d);' % (i, i % 97))
print('printf(\"%ld\\\\n\", t); return 0; }')
" > $W/gen.c
  gcc -O2 -c $W/gen.c -o $W/gen.o && gcc $W/gen.o -o $W/gen && $W/gen > $W/gen.out
  for i in $(seq 1 900); do [ -s $W/tools.pid ] && break; sleep 1; done
  [ -s $W/tools.pid ] || { echo "tools process did not start:"; cat $W/tools.log; exit 1; }
  echo "started: $(cat $W/tools.rows) names indexed, compiled $(wc -c < $W/gen.o) bytes of objects"
  ;;
verify)
  pid=$(cat $W/tools.pid)
  kill -0 "$pid" || { echo "tools process gone"; exit 1; }
  rm -f $W/tools.check; kill -USR1 "$pid"
  for i in $(seq 1 60); do [ -s $W/tools.check ] && break; sleep 1; done
  [ "$(cat $W/tools.check 2>/dev/null)" = "ok $(cat $W/tools.rows)" ] || { echo "index changed: $(cat $W/tools.check 2>/dev/null)"; exit 1; }
  echo "ok: $(cat $W/tools.rows) names"
  ;;
*)
  echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
