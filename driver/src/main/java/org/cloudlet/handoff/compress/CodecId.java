package org.cloudlet.handoff.compress;

import java.util.Locale;

/** Segment compressors. Wire ids are stable; levels are checked against each codec's range. */
public enum CodecId {
    NONE(0, "none", 0, 0, 0),
    GZIP(1, "gzip", 1, 9, 6),
    BZIP2(2, "bzip2", 1, 9, 9),
    LZMA(3, "lzma", 1, 9, 6),
    ZSTD(4, "zstd", 1, 19, 3),
    LZ4(5, "lz4", 0, 0, 0);

    private final int wireId;
    private final String modeName;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    CodecId(int wireId, String modeName, int minLevel, int maxLevel, int defaultLevel) {
        this.wireId = wireId;
        this.modeName = modeName;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    public int wireId() {
        return wireId;
    }

    public String modeName() {
        return modeName;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    /** True when the codec takes a level at all (lz4 and none do not). */
    public boolean hasLevels() {
        return maxLevel > 0;
    }

    public static CodecId byName(String name) {
        for (CodecId c : values()) {
            if (c.modeName.equals(name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }

    public static CodecId byWireId(int id) {
        for (CodecId c : values()) {
            if (c.wireId == id) {
                return c;
            }
        }
        return null;
    }
}
