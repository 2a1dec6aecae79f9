"""Writes two memory snapshots of this Python process, holding real data, as flat images laid out like guest RAM.

A guest's RAM keeps each page at its guest-physical address, so a page that survives between two snapshots
is at the same image offset in both. Here: the first image is the process's writable anonymous mappings
(heap and mmap'd memory) back to back in address order; the second starts as a copy of the first, pages whose
virtual address existed in the first are written back at their old offset, and memory mapped since is
appended. Freed memory keeps its old bytes, as a guest's free pages do.
Usage: python3 memory-snapshot.py BASE_IMAGE LATER_IMAGE
"""
import array
import random
import re
import shutil
import sys

PAGE = 4096


def writable_regions():
    regions = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)", line)
            start, end, perms, inode, name = int(m[1], 16), int(m[2], 16), m[3], int(m[4]), m[5]
            if perms.startswith("rw") and inode == 0 and name not in ("[stack]", "[vvar]", "[vsyscall]"):
                regions.append((start, end))
    return regions


def read(mem, addr, n):
    mem.seek(addr)
    try:
        return mem.read(n)
    except OSError:
        return bytes(n)  # a guard page reads as zeros


def first_snapshot(path):
    """Returns {page address: image offset}."""
    layout = {}
    offset = 0
    with open("/proc/self/mem", "rb", buffering=0) as mem, open(path, "wb") as out:
        for start, end in writable_regions():
            for addr in range(start, end, 1 << 20):
                n = min(end - addr, 1 << 20)
                out.write(read(mem, addr, n))
                for page in range(addr, addr + n, PAGE):
                    layout[page] = offset + page - addr
                offset += n
    return layout


def later_snapshot(base_path, path, layout):
    shutil.copyfile(base_path, path)
    with open("/proc/self/mem", "rb", buffering=0) as mem, open(path, "r+b") as out:
        out.seek(0, 2)
        append_at = out.tell()
        for start, end in writable_regions():
            for page in range(start, end, PAGE):
                data = read(mem, page, PAGE)
                at = layout.get(page)
                if at is None:
                    at = append_at
                    append_at += PAGE
                out.seek(at)
                out.write(data)


def main():
    base_path, later_path = sys.argv[1], sys.argv[2]
    rnd = random.Random(7)
    words = [("w%05d" % i) * rnd.randint(1, 6) for i in range(20000)]
    table = {i: " ".join(rnd.choice(words) for _ in range(8)) for i in range(150000)}
    samples = array.array("d", (rnd.random() for _ in range(3_000_000)))
    counters = array.array("q", range(2_000_000))
    blob = bytearray(rnd.randbytes(8 << 20))
    reserve = bytearray(32 << 20)  # allocated, never written: zero pages
    layout = first_snapshot(base_path)

    for i in rnd.sample(range(len(table)), 15000):
        table[i] = " ".join(rnd.choice(words) for _ in range(8))
    for i in range(0, len(counters), 97):
        counters[i] += 1
    for i in range(0, len(samples), 50):
        samples[i] *= 1.5
    blob[1 << 20:(1 << 20) + (1 << 18)] = rnd.randbytes(1 << 18)
    table.update({150000 + i: "new " + rnd.choice(words) for i in range(30000)})
    reserve[0:4 << 20] = bytes(range(256)) * ((4 << 20) // 256)
    later_snapshot(base_path, later_path, layout)
    assert len(table) and len(samples) and len(blob) and len(counters)


if __name__ == "__main__":
    main()
