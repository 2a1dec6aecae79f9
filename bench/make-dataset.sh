#!/bin/bash
# Builds the benchmark/demo data set from real files on this machine (needs root, e2fsprogs, fuse2fs, python3):
#   base-disk.img  ext4 made with mkfs.ext4 -d from a real tree (Python's stdlib, Perl modules, package docs)
#   disk.img       a copy changed by real file operations through a fuse2fs mount: edited files, new text,
#                  copied files, a compile job's output, a zero-filled file, random data, deleted files
#   base-mem.img   memory snapshot of a real Python process holding data (its writable mappings, flat)
#   mem.img        the same process later, after it changed part of its data and allocated more
# Usage: bench/make-dataset.sh [DIR]   (default: $HANDOFF_DATA or /var/tmp/cloudlet-handoff/dataset)
# The result is cached: a DIR holding a complete set made by this same script is reused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${HANDOFF_DATA:-/var/tmp/cloudlet-handoff/dataset}}
stamp=$(sha256sum "$0" "$here/memory-snapshot.py" | sha256sum | cut -c1-16)
if [ -f "$out/.complete" ] && [ "$(cat "$out/.complete")" = "$stamp" ]; then
  echo "dataset: reusing $out" >&2
  exit 0
fi
for tool in mkfs.ext4 fuse2fs fusermount python3; do
  command -v "$tool" >/dev/null || { echo "dataset: $tool missing; run bin/setup" >&2; exit 1; }
done
mkdir -p "$out"
rm -f "$out/.complete" "$out"/*.hidx
work=$(mktemp -d)
mnt=$work/mnt
cleanup() {
  mountpoint -q "$mnt" 2>/dev/null && fusermount -u "$mnt" || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "dataset: base disk from a real tree" >&2
tree=$work/tree
mkdir -p "$tree"
for d in /usr/lib/python3.11 /usr/share/perl /usr/share/doc; do
  [ -d "$d" ] && cp -a "$d" "$tree/$(echo "${d#/}" | tr / _)"
done
rm -f "$out/base-disk.img"
# Fixed UUID, hash seed and timestamp: the same tree gives the same image.
E2FSPROGS_FAKE_TIME=1700000000 mkfs.ext4 -q -F -b 4096 -U 5c1e0ade-0000-4000-8000-000000000001 \
  -E hash_seed=5c1e0ade-0000-4000-8000-000000000002,lazy_itable_init=0,lazy_journal_init=0 \
  -d "$tree" "$out/base-disk.img" 384M
rm -rf "$tree"

echo "dataset: modified disk through fuse2fs" >&2
cp --sparse=always "$out/base-disk.img" "$out/disk.img"
mkdir -p "$mnt"
fuse2fs -o fakeroot "$out/disk.img" "$mnt"
python3 - "$mnt" <<'PY'
import os, random, shutil, subprocess, sys
root = sys.argv[1]
rnd = random.Random(20261123)
py = os.path.join(root, "usr_lib_python3.11")
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
               if f.endswith((".py", ".pm", ".txt", ".html")) and os.path.getsize(os.path.join(d, f)) > 2000)
# small edits in place: a word changed, a line appended (an editor rewriting a config or a script)
for path in rnd.sample(files, min(400, len(files))):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(data) - 8)
            data[at:at + 4] = b"EDIT"
        f.seek(0); f.write(data); f.write(b"\n# touched by the benchmark\n")
# new text: configuration and logs the VM wrote
os.makedirs(os.path.join(root, "var_log"), exist_ok=True)
words = open(files[0], "rb").read().split()
with open(os.path.join(root, "var_log", "app.log"), "wb") as f:
    for i in range(120000):
        f.write(b"2026-11-23T08:%02d:%02d INFO request %d %s %s\n" % (i // 60 % 60, i % 60, i, rnd.choice(words), rnd.choice(words)))
shutil.copytree("/etc", os.path.join(root, "etc_copy"), symlinks=True, ignore_dangling_symlinks=True,
                ignore=lambda d, names: [n for n in names if not os.path.isfile(os.path.join(d, n)) and not os.path.isdir(os.path.join(d, n))])
# copies of files already in the base (a user duplicating a project)
shutil.copytree(os.path.join(py, "email"), os.path.join(root, "home_user_email_copy"))
shutil.copytree(os.path.join(py, "json"), os.path.join(root, "home_user_json_copy"))
# a compile job's output: bytecode for part of the stdlib
subprocess.run([sys.executable, "-m", "compileall", "-q", "-b", os.path.join(py, "xml"), os.path.join(py, "asyncio")],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
# zero-filled and random files (a preallocated database, an encrypted blob)
with open(os.path.join(root, "zeros.bin"), "wb") as f:
    f.write(bytes(8 << 20))
with open(os.path.join(root, "random.bin"), "wb") as f:
    f.write(rnd.randbytes(6 << 20))
# deleted files: their blocks go back to the free list, and new files may take them
shutil.rmtree(os.path.join(py, "idlelib"), ignore_errors=True)
PY
sync
fusermount -u "$mnt"

echo "dataset: memory snapshots of a live Python process" >&2
python3 "$here/memory-snapshot.py" "$out/base-mem.img" "$out/mem.img"

echo "$stamp" > "$out/.complete"
ls -l "$out" >&2
