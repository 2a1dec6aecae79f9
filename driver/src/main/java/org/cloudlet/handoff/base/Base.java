package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.SpaceKind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A base VM the destination already holds: a raw disk image and, optionally, a memory image. Its id is a SHA-256
 * over its contents (computed from the chunk hashes, so it costs one pass that the index needs anyway).
 */
public final class Base implements Closeable {
    /** Space name of the base disk; an encoded disk uses the same name so it is diffed against it. */
    public static final String DISK = "disk";
    /** Space name of a flat memory image. */
    public static final String MEMORY = "memory";

    private static final byte[] ID_TAG = "cloudlet-handoff base v1\0".getBytes(StandardCharsets.US_ASCII);

    private final List<BaseSpace> spaces;
    private final byte[] id;

    private Base(List<BaseSpace> spaces) {
        this.spaces = Collections.unmodifiableList(spaces);
        this.id = computeId(spaces);
    }

    /** Opens a base, loading each image's persisted index or building (and persisting) it. */
    public static Base open(Path disk, Path memory, int threads) throws IOException {
        return openWithMemories(disk, memory == null ? List.of() : List.of(new MemoryImage(MEMORY, memory)), threads);
    }

    /** A memory space of a base: a flat image, or one RAMBlock of a migration stream (named after the block). */
    public record MemoryImage(String name, Path file) {
    }

    /** A base of a disk and any number of named memory images. */
    public static Base openWithMemories(Path disk, List<MemoryImage> memories, int threads) throws IOException {
        List<BaseSpace> spaces = new ArrayList<>(1 + memories.size());
        try {
            if (disk != null) { // a live handoff of memory alone has a base of memory alone
                spaces.add(new BaseSpace(SpaceKind.DISK, DISK, disk, IndexFiles.loadOrBuild(disk, threads).index()));
            }
            for (MemoryImage m : memories) {
                spaces.add(new BaseSpace(SpaceKind.MEMORY, m.name(), m.file(), IndexFiles.loadOrBuild(m.file(), threads).index()));
            }
        } catch (IOException | RuntimeException e) {
            for (BaseSpace s : spaces) {
                s.close();
            }
            throw e;
        }
        return new Base(spaces);
    }

    private static byte[] computeId(List<BaseSpace> spaces) {
        MessageDigest md = ChunkHashes.newDigest();
        md.update(ID_TAG);
        for (BaseSpace s : spaces) {
            byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(1 + 1 + name.length + 8).put((byte) s.kind().wireId()).put((byte) name.length).put(name).putLong(s.length()).array());
            md.update(s.index().hashBytes());
        }
        return md.digest();
    }

    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return ChunkHashes.hex(id);
    }

    public List<BaseSpace> spaces() {
        return spaces;
    }

    /** The base space with this name, or null. */
    public BaseSpace space(String name) {
        for (BaseSpace s : spaces) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The first base space of this kind, or null: where dedup looks for base-disk and base-memory copies. */
    public BaseSpace firstOfKind(SpaceKind kind) {
        for (BaseSpace s : spaces) {
            if (s.kind() == kind) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (BaseSpace s : spaces) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
