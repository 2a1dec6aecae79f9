package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.pipeline.Mode;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * How a source daemon sets the operating mode: fixed, or adaptive (starting from {@code initial}, scaled from
 * {@code profile}). With a trace directory, each handoff's samples and decisions are written there as JSON.
 */
public record ModePolicy(Mode initial, Profile profile, Path traceDir) {
    /** The fastest link a handoff is built for, bytes per second: the top of the mission's 5-25 Mbit/s. */
    static final double TOP_LINK = 25e6 / 8;
    /** How many times over one core must carry {@link #TOP_LINK} in the initial mode, at the profile's figures. */
    static final double START_HEADROOM = 2;

    public ModePolicy {
        Objects.requireNonNull(initial, "initial");
        if (profile != null && !profile.has(initial)) {
            throw new IllegalArgumentException("initial mode " + initial + " is not in the profile " + profile);
        }
    }

    public static ModePolicy fixed(Mode mode) {
        return new ModePolicy(mode, null, null);
    }

    public static ModePolicy adaptive(Profile profile) {
        return new ModePolicy(initialFor(profile), profile, null);
    }

    /**
     * Where an adaptive handoff starts, before anything is measured: the mode of least R in the profile whose
     * one-core rate carries {@link #TOP_LINK} {@link #START_HEADROOM} times over at that R (the headroom: the first
     * seconds run on the profile's figures alone, and a live R above the profile's asks more input per byte sent);
     * the cheapest mode if none does. What the first seconds encode crosses in that mode for good: the cheapest
     * mode, xor+zstd-1, put R 0.29 on the wire for 4-5 s where bzip2-9 had 0.20 (10-20 Mbit/s); a dearer one
     * would hold a fast link back until the first decision.
     */
    public static Mode initialFor(Profile profile) {
        Comparator<Profile.Entry> leastR = Comparator.comparingDouble(Profile.Entry::ratio).thenComparingDouble(Profile.Entry::totalMicros);
        return profile.entries().stream()
                .filter(e -> ChunkFormat.CHUNK_SIZE / (e.totalMicros() / 1e6) * e.ratio() >= START_HEADROOM * TOP_LINK)
                .min(leastR)
                .or(() -> profile.entries().stream().min(Comparator.comparingDouble(Profile.Entry::totalMicros)))
                .orElseThrow(() -> new IllegalArgumentException("the profile " + profile + " has no modes"))
                .mode();
    }

    public ModePolicy withTraceDir(Path dir) {
        return new ModePolicy(initial, profile, dir);
    }

    public boolean adaptive() {
        return profile != null;
    }

    /** The name the command line takes: a mode, or {@code adaptive}. */
    public String describe() {
        return adaptive() ? "adaptive (from " + initial + ", " + profile + ")" : initial.name();
    }
}
