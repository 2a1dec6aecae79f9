#!/bin/sh
# Files on the guest's tracked disk (testbed --disk tracked), checked by their checksums after the handoff:
#  - the tiny guest (busybox, booted from its ext4 root disk): ~20 MB — random data, kernel symbol text, copies of
#    busybox;
#  - the Debian guest (read-write root): ~200 MB of real file changes — copies of installed trees (Python's
#    library, shared libraries, documentation), as an upgrade or a build would leave them, a C program compiled
#    with gcc, and a tar.gz archive of /etc;
#  - both: a writer appending a numbered line to a log on the disk every 0.2 s, with a sync every 10 lines, through
#    the handoff (so disk chunks change while it runs and right before the VM stops).
# Random data is made at start, not during the handoff (see the TCG note in docs/BENCHMARKS.md).
# verify: every file's SHA-256 matches the manifest taken before the handoff; the log's lines are consecutive from
# 1 and the writer is still appending on the destination.
set -e
# Both guests boot from their tracked disk: a read-write ext4 root.
grep -q " / ext4 rw" /proc/mounts || { echo "no writable disk: needs a read-write ext4 root (testbed --disk tracked)" >&2; exit 1; }
D=/var/lib/handoff-files
case "$1" in
start)
  rm -rf "$D" && mkdir -p "$D"
  if command -v python3 >/dev/null 2>&1; then
    for t in /usr/lib/python3 /usr/lib/x86_64-linux-gnu /usr/share/doc /usr/share/locale /usr/include; do
      [ -d "$t" ] || continue
      used=$(du -sm "$D" | cut -f1)
      [ "$used" -ge 200 ] && break
      mkdir -p "$D/copy$(dirname "$t")" && cp -a "$t" "$D/copy$t"
    done
    tar czf "$D/etc.tar.gz" /etc 2>/dev/null
    cat > "$D/prog.c" <<'C'
#include <stdio.h>
int main(void) { unsigned long s = 0; for (unsigned long i = 0; i < 1000000; i++) s += i * i; printf("%lu\n", s); return 0; }
C
    gcc -O2 -o "$D/prog" "$D/prog.c" && "$D/prog" > "$D/prog.out"
  else
    head -c 8388608 /dev/urandom > "$D/random.bin"
    cat /proc/kallsyms > "$D/symbols.txt"
    for i in 1 2 3 4; do cp /bin/busybox "$D/busybox.$i"; done
  fi
  (cd "$D" && find . -type f | sort | while read -r f; do sha256sum "$f"; done) > /work/disk-files.manifest
  cp /work/disk-files.manifest "$D/manifest"
  sync
  (n=0; while true; do n=$((n + 1)); echo "line $n" >> "$D/journal.log"; [ $((n % 10)) -eq 0 ] && sync; sleep 0.2; done) \
    </dev/null >/dev/null 2>&1 &
  echo $! > /work/disk-files.pid
  echo "started: $(wc -l < /work/disk-files.manifest) files, $(du -sm "$D" | cut -f1) MB in $D"
  ;;
verify)
  cd "$D"
  sha256sum -c manifest > /work/disk-files.check 2>&1 || { grep -v ': OK$' /work/disk-files.check | head; exit 1; }
  cmp -s manifest /work/disk-files.manifest || { echo "the manifest on the disk differs from the one in memory"; exit 1; }
  kill -0 "$(cat /work/disk-files.pid)" || { echo "the log writer is gone"; exit 1; }
  a=$(wc -l < journal.log); sleep 1; b=$(wc -l < journal.log)
  [ "$b" -gt "$a" ] || { echo "the log writer stopped appending ($a lines)"; exit 1; }
  awk '$0 != "line " NR { print "log line " NR " is \"" $0 "\""; bad = 1; exit } END { exit bad }' journal.log
  echo "ok: $(wc -l < manifest) files intact, log at $b lines and growing"
  ;;
*) echo "usage: $0 start|verify" >&2; exit 2 ;;
esac
