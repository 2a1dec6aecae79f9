package org.cloudlet.handoff.delta;

// TEMPORARY stub until the delta branch lands.
public final class Deltas {
    private Deltas() {
    }

    public static DeltaCodec open(DeltaAlgorithm a) {
        throw new UnsupportedOperationException(a.modeName());
    }
}
