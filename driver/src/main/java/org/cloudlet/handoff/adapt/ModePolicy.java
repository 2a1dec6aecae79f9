package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a source daemon sets the operating mode: fixed, or adaptive (starting from {@code initial}, scaled from
 * {@code profile}). With a trace directory, each handoff's samples and decisions are written there as JSON.
 */
public record ModePolicy(Mode initial, Profile profile, Path traceDir) {
    /** Where an adaptive handoff starts: cheap enough for any link, so the first measurements come quickly. */
    public static final Mode DEFAULT_INITIAL = Mode.parse("xor+zstd-1");

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
        return new ModePolicy(DEFAULT_INITIAL, profile, null);
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
