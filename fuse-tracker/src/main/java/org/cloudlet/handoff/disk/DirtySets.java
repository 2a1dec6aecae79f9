package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which chunks an overlay holds, and which were written since a numbered mark. Works on the overlay's journal
 * alone, so it runs beside a mounted tracker (a mark is a record appended between the tracker's own).
 */
public final class DirtySets {
    private static final String MARK_LOCK = "overlay.mark.lock";

    private DirtySets() {
    }

    public static long diskLength(Path overlayDir) throws IOException {
        return ChunkJournal.readHeader(overlayDir.resolve(ChunkJournal.FILE));
    }

    /** Every chunk that differs from the base: written or discarded since the overlay was created. */
    public static DirtyChunkMap sinceBase(Path overlayDir) throws IOException {
        long chunks = DiskGeometry.chunkCount(diskLength(overlayDir));
        DirtyChunkMap map = new DirtyChunkMap(chunks);
        JournalReader.read(overlayDir, JournalReader.start(), chunks, map::mark);
        return map;
    }

    /** Every chunk written or discarded after mark {@code number} was taken. */
    public static DirtyChunkMap sinceMark(Path overlayDir, long number) throws IOException {
        long chunks = DiskGeometry.chunkCount(diskLength(overlayDir));
        DirtyChunkMap map = new DirtyChunkMap(chunks);
        boolean[] seen = {false};
        JournalReader.read(overlayDir, JournalReader.start(), chunks, new JournalReader.Visitor() {
            @Override
            public void held(long chunk) {
                if (seen[0]) {
                    map.mark(chunk);
                }
            }

            @Override
            public boolean mark(long n) {
                seen[0] |= n == number;
                return true;
            }
        });
        if (!seen[0]) {
            throw new IOException("overlay " + overlayDir + " has no mark " + number + " (marks: " + lastMark(overlayDir) + " so far)");
        }
        return map;
    }

    /** The highest mark taken, 0 if none. */
    public static long lastMark(Path overlayDir) throws IOException {
        long chunks = DiskGeometry.chunkCount(diskLength(overlayDir));
        long[] last = {0};
        JournalReader.read(overlayDir, JournalReader.start(), chunks, new JournalReader.Visitor() {
            @Override
            public void held(long chunk) {
            }

            @Override
            public boolean mark(long n) {
                last[0] = Math.max(last[0], n);
                return true;
            }
        });
        return last[0];
    }

    /** Takes the next numbered mark and returns its number; later writes are dirty since it. */
    public static long mark(Path overlayDir) throws IOException {
        try (FileChannel lock = FileChannel.open(overlayDir.resolve(MARK_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock.lock()) {
            long length = diskLength(overlayDir);
            long next = lastMark(overlayDir) + 1;
            try (ChunkJournal journal = ChunkJournal.open(overlayDir, length)) {
                journal.mark(next);
                journal.sync();
            }
            return next;
        }
    }
}
