package org.cloudlet.handoff.profile;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.source.ImageSource;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The chunks of some images that differ from the base, held in memory: what a dirty tracker hands the pipeline
 * during a live handoff, so that profiling measures the pipeline and not the scan of unchanged data.
 */
public final class DirtySet {
    private final List<Space> spaces;
    private final List<Chunk> chunks;

    private DirtySet(List<Space> spaces, List<Chunk> chunks) {
        this.spaces = spaces;
        this.chunks = chunks;
    }

    /**
     * Loads the chunks of {@code disk} and/or {@code memory} (either may be null) whose hash differs from the base chunk at the same
     * address, keeping an evenly spread seeded sample of at most {@code maxBytes}.
     */
    public static DirtySet load(Base base, Path disk, Path memory, long maxBytes, long seed) throws IOException {
        List<Space> spaces = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Chunk> all = new ArrayList<>();
        if (disk != null) { // a VM's memory alone (a guest without a disk of its own) has no disk space
            spaces.add(new Space(spaces.size(), SpaceKind.DISK, Base.DISK, ImageSource.lengthOf(disk)));
            files.add(disk);
        }
        if (memory != null) {
            spaces.add(new Space(spaces.size(), SpaceKind.MEMORY, Base.MEMORY, ImageSource.lengthOf(memory)));
            files.add(memory);
        }
        MessageDigest md = ChunkHashes.newDigest();
        for (Space s : spaces) {
            BaseSpace same = base.space(s.name());
            Path file = files.get(s.id());
            Consumer<Chunk> keep = c -> {
                byte[] h = ChunkHashes.sha256(md, c.data(), 0, c.length());
                boolean unchanged = same != null && c.index() < same.chunkCount() && same.chunkLength(c.index()) == c.length()
                        && same.index().hashEquals(c.index(), h);
                if (!unchanged) {
                    all.add(c);
                }
            };
            new ImageSource(file, s, 256, ChunkOrder.sequential()).feed(keep);
        }
        long total = (long) all.size() * ChunkFormat.CHUNK_SIZE;
        if (total > maxBytes) {
            double keepShare = (double) maxBytes / total;
            SplittableRandom r = new SplittableRandom(seed);
            List<Chunk> sample = new ArrayList<>();
            for (Chunk c : all) {
                if (r.nextDouble() < keepShare) {
                    sample.add(c);
                }
            }
            return new DirtySet(spaces, sample);
        }
        return new DirtySet(spaces, all);
    }

    public List<Space> spaces() {
        return spaces;
    }

    public int size() {
        return chunks.size();
    }

    public long bytes() {
        long n = 0;
        for (Chunk c : chunks) {
            n += c.length();
        }
        return n;
    }

    /** Fresh chunks over the same bytes (stages mark chunks, so every run needs its own). */
    public void feed(Consumer<Chunk> sink) {
        for (Chunk c : chunks) {
            sink.accept(new Chunk(c.space(), c.index(), c.data()));
        }
    }

    /** The dirty chunks' bytes back to back: what a plain compressor would be given. */
    public byte[] concatenated() {
        byte[] out = new byte[Math.toIntExact(bytes())];
        int pos = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.data(), 0, out, pos, c.length());
            pos += c.length();
        }
        return out;
    }
}
