package org.cloudlet.handoff.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A base in a store: its id (SHA-256 over its contents, hex), a name for people, and its files — the memory
 * snapshot as a QEMU migration stream and, optionally, the raw disk image.
 */
public record StoredBase(String id, String name, Instant created, Path dir, Path memory, Path disk) {
    public String shortId() {
        return id.substring(0, 12);
    }
}
