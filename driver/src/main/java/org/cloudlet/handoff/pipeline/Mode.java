package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An operating mode: delta algorithm, segment compressor and its level. Named like {@code xor+lzma-9},
 * {@code zstd-3}, {@code lz4}, {@code bsdiff} (delta alone) or {@code none}.
 */
public record Mode(DeltaAlgorithm delta, CodecId codec, int level) {

    public Mode {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(codec, "codec");
        if (codec.hasLevels() ? level < codec.minLevel() || level > codec.maxLevel() : level != 0) {
            throw new IllegalArgumentException(codec.modeName() + " level: " + level
                    + (codec.hasLevels() ? " (expected: " + codec.minLevel() + "-" + codec.maxLevel() + ")" : " (" + codec.modeName() + " takes no level)"));
        }
    }

    public static final Mode NONE = new Mode(DeltaAlgorithm.NONE, CodecId.NONE, 0);

    /** Parses a mode name; throws IllegalArgumentException naming what is wrong and what would be valid. */
    public static Mode parse(String name) {
        String s = name.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty mode name (expected e.g. zstd-3, xor+lzma-9, lz4, none)");
        }
        String[] parts = s.split("\\+", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("mode '" + name + "': at most one '+' (delta+compressor-level)");
        }
        DeltaAlgorithm delta = DeltaAlgorithm.NONE;
        String codecPart = parts[parts.length - 1];
        if (parts.length == 2) {
            delta = DeltaAlgorithm.byName(parts[0]);
            if (delta == null) {
                throw new IllegalArgumentException("mode '" + name + "': unknown delta '" + parts[0] + "' (expected one of " + deltaNames() + ")");
            }
        } else if (DeltaAlgorithm.byName(codecPart) != null && CodecId.byName(codecPart) == null) {
            return new Mode(DeltaAlgorithm.byName(codecPart), CodecId.NONE, 0);
        }
        int dash = codecPart.lastIndexOf('-');
        String codecName = dash < 0 ? codecPart : codecPart.substring(0, dash);
        CodecId codec = CodecId.byName(codecName);
        if (codec == null) {
            throw new IllegalArgumentException("mode '" + name + "': unknown compressor '" + codecName + "' (expected one of " + codecNames() + ")");
        }
        int level;
        if (dash < 0) {
            level = codec.defaultLevel();
        } else {
            try {
                level = Integer.parseInt(codecPart.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mode '" + name + "': level '" + codecPart.substring(dash + 1) + "' is not a number");
            }
        }
        try {
            return new Mode(delta, codec, level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode '" + name + "': " + e.getMessage());
        }
    }

    private static String deltaNames() {
        List<String> out = new ArrayList<>();
        for (DeltaAlgorithm a : DeltaAlgorithm.values()) {
            out.add(a.modeName());
        }
        return String.join(", ", out);
    }

    private static String codecNames() {
        List<String> out = new ArrayList<>();
        for (CodecId c : CodecId.values()) {
            out.add(c.hasLevels() ? c.modeName() + "-" + c.minLevel() + ".." + c.maxLevel() : c.modeName());
        }
        return String.join(", ", out);
    }

    /** Every mode: each delta algorithm with each compressor at each level. */
    public static List<Mode> all() {
        List<Mode> out = new ArrayList<>();
        for (DeltaAlgorithm d : DeltaAlgorithm.values()) {
            for (CodecId c : CodecId.values()) {
                if (c.hasLevels()) {
                    for (int l = c.minLevel(); l <= c.maxLevel(); l++) {
                        out.add(new Mode(d, c, l));
                    }
                } else {
                    out.add(new Mode(d, c, 0));
                }
            }
        }
        return out;
    }

    /** This mode's compressor and level after {@code other} delta algorithm. */
    public Mode withDelta(DeltaAlgorithm other) {
        return other == delta ? this : new Mode(other, codec, level);
    }

    /** Whether {@code other} compresses with the same compressor and level, whatever the delta before it. */
    public boolean sameCompressor(Mode other) {
        return codec == other.codec && level == other.level;
    }

    public String name() {
        String c = codec.hasLevels() ? codec.modeName() + "-" + level : codec.modeName();
        if (delta == DeltaAlgorithm.NONE) {
            return c;
        }
        return codec == CodecId.NONE ? delta.modeName() : delta.modeName() + "+" + c;
    }

    @Override
    public String toString() {
        return name();
    }
}
