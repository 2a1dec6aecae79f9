package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Successive dirty sets of a live overlay, for a handoff's rounds: each {@link #next()} takes a mark and returns
 * the chunks journalled between the previous mark and it (the first: everything since the base). Reads only the
 * journal's new records each time.
 */
public final class DirtyTail {
    private final Path overlayDir;
    private final long chunks;
    private long offset = JournalReader.start();

    public DirtyTail(Path overlayDir) throws IOException {
        this.overlayDir = overlayDir;
        this.chunks = DiskGeometry.chunkCount(DirtySets.diskLength(overlayDir));
    }

    public DirtyChunkMap next() throws IOException {
        long mark = DirtySets.mark(overlayDir);
        DirtyChunkMap dirty = new DirtyChunkMap(chunks);
        offset = JournalReader.read(overlayDir, offset, chunks, new JournalReader.Visitor() {
            @Override
            public void held(long chunk) {
                dirty.mark(chunk);
            }

            @Override
            public boolean mark(long number) {
                return number != mark;
            }
        });
        return dirty;
    }
}
