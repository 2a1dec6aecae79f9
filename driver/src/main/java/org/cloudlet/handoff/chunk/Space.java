package org.cloudlet.handoff.chunk;

import java.util.Objects;

/**
 * One address space of a VM's state: the disk image, or one memory RAMBlock. Chunks are addressed by
 * (space id, chunk index); the base chunk at the same address is the chunk at the same index of the base's
 * space with the same name.
 */
public record Space(int id, SpaceKind kind, String name, long length) {

    public static final int MAX_ID = 255;
    public static final int MAX_NAME_BYTES = 255;

    public Space {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("space id: " + id + " (expected: 0-" + MAX_ID + ")");
        }
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("space name: '" + name + "' (expected: 1-" + MAX_NAME_BYTES + " bytes)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("space length: " + length + " (expected: >= 0)");
        }
    }

    public long chunkCount() {
        return ChunkFormat.chunkCount(length);
    }

    public int chunkLength(long index) {
        return ChunkFormat.chunkLength(length, index);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name + "#" + id + "(" + length + " B)";
    }
}
