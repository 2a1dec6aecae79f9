package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveReadingsTest {
    private static LiveReadings shared(Map<Mode, Integer> counts) {
        return new LiveReadings(Map.of(), DeltaRelations.NONE, Map.of(), counts);
    }

    @Test
    void aLevelReadBesideTheCurrentOneOnTwoSamplesIsConfirmed() {
        LiveReadings r = shared(Map.of(Mode.parse("lzma-3"), 1, Mode.parse("lzma-5"), 2, Mode.parse("bzip2-9"), 0));
        assertTrue(r.unconfirmed(Mode.parse("xor+lzma-3")), "one sample");
        assertFalse(r.unconfirmed(Mode.parse("xor+lzma-5")), "two samples");
        assertTrue(r.unconfirmed(Mode.parse("bzip2-9")), "read only apart from the current one");
    }

    @Test
    void aLevelNeverReadIsUnconfirmedWhateverItsNeighboursOrTheProfileSay() {
        LiveReadings r = shared(Map.of(Mode.parse("lzma-3"), 2, Mode.parse("lzma-5"), 3, Mode.parse("lzma-9"), 2));
        assertTrue(r.unconfirmed(Mode.parse("lzma-1")), "carried from lzma-3 by the profile's relation between levels");
        assertTrue(r.unconfirmed(Mode.parse("xor+lzma-4")), "between lzma-3 and lzma-5");
        assertTrue(r.unconfirmed(Mode.parse("zstd-7")), "no zstd level read: the profile's reference workload alone");
        assertFalse(r.unconfirmed(Mode.parse("xor+lzma-9")), "read itself on two samples, on another delta");
    }

    @Test
    void sizesGivenWithoutCountsCountAsConfirmed() {
        LiveReadings r = LiveReadings.of(Map.of(Mode.parse("xor+lzma-9"), 0.8), DeltaRelations.NONE);
        assertFalse(r.unconfirmed(Mode.parse("lzma-9")));
        assertTrue(r.unconfirmed(Mode.parse("lzma-6")));
        assertFalse(LiveReadings.NONE.unconfirmed(Mode.parse("lzma-6")), "nothing read at all: the profile decides");
    }
}
