package org.cloudlet.handoff.chunk;

/** What an address space holds; decides which base index a chunk is compared against first. */
public enum SpaceKind {
    DISK(0),
    MEMORY(1);

    private final int wireId;

    SpaceKind(int wireId) {
        this.wireId = wireId;
    }

    public int wireId() {
        return wireId;
    }

    public static SpaceKind byWireId(int id) {
        for (SpaceKind k : values()) {
            if (k.wireId == id) {
                return k;
            }
        }
        return null;
    }
}
