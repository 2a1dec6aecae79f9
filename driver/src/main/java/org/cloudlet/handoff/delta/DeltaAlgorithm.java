package org.cloudlet.handoff.delta;

import java.util.Locale;

/** Delta encodings of a chunk against the base chunk at the same address. Wire ids are stable. */
public enum DeltaAlgorithm {
    NONE(0, "none"),
    XOR(1, "xor"),
    BSDIFF(2, "bsdiff"),
    XDELTA3(3, "xdelta3");

    private final int wireId;
    private final String modeName;

    DeltaAlgorithm(int wireId, String modeName) {
        this.wireId = wireId;
        this.modeName = modeName;
    }

    public int wireId() {
        return wireId;
    }

    public String modeName() {
        return modeName;
    }

    public static DeltaAlgorithm byName(String name) {
        for (DeltaAlgorithm a : values()) {
            if (a.modeName.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }
}
