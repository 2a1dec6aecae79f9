package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.SpaceKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a chunk by hash among the base spaces of one kind, in the base's space order. The encoder and the
 * decoder both use this, so a reference resolves to the same bytes on both sides.
 */
public final class BaseLookup {
    private final List<BaseSpace> disk = new ArrayList<>();
    private final List<BaseSpace> memory = new ArrayList<>();

    public BaseLookup(Base base) {
        if (base != null) {
            for (BaseSpace s : base.spaces()) {
                (s.kind() == SpaceKind.DISK ? disk : memory).add(s);
            }
        }
    }

    /** The first base chunk of this kind with this hash, or null. */
    public BaseSpace.Location find(SpaceKind kind, byte[] hash) {
        for (BaseSpace s : kind == SpaceKind.DISK ? disk : memory) {
            long i = s.index().find(hash);
            if (i >= 0) {
                return new BaseSpace.Location(s, i);
            }
        }
        return null;
    }
}
