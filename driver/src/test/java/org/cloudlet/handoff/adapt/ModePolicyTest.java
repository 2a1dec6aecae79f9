package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;

import static org.cloudlet.handoff.adapt.ProfileTest.profile;
import static org.cloudlet.handoff.adapt.ProfileTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initial mode: the least R one core can run at twice the top link (25 Mbit/s) by the profile. A 4 KiB chunk in
 * {@code c} µs at R gives 4096 / c × R bytes a second on the wire per core, against 6.25 MB/s: at R 0.3 that allows
 * ~197 µs a chunk. ({@code row} adds 4 µs of fixed stages.)
 */
class ModePolicyTest {
    private static final String CHEAP = row("xor+zstd-1", 1, 0.5, 1, 5) + row("xor+zstd-9", 1, 0.4, 1, 35)
            + row("xor+lzma-9", 1, 0.25, 1, 395);

    @Test
    void startsAtTheLeastRatioOneCoreCarriesTheTopLinkTwiceOver() throws Exception {
        assertEquals(Mode.parse("lzma-1"), ModePolicy.initialFor(profile(CHEAP + row("lzma-1", 1, 0.3, 0, 180))));
        // 184 µs in all: 4096 / 184 µs x 0.3 = 6.68 MB/s, above; 214 µs: 5.74, below
        assertEquals(Mode.parse("xor+zstd-9"), ModePolicy.initialFor(profile(CHEAP + row("lzma-1", 1, 0.3, 0, 210))));
    }

    @Test
    void startsAtTheCheapestModeWhenNoneKeepsUp() throws Exception {
        Profile slow = profile(row("xor+lzma-9", 1, 0.25, 1, 395) + row("xor+bzip2-9", 1, 0.3, 1, 300));
        assertEquals(Mode.parse("xor+bzip2-9"), ModePolicy.initialFor(slow));
    }

    @Test
    void theShippedProfileStartsAboveItsCheapestMode() {
        Profile p = Profile.builtIn();
        Mode initial = ModePolicy.adaptive(p).initial();
        Profile.Entry cheapest = p.entries().stream().min(java.util.Comparator.comparingDouble(Profile.Entry::totalMicros)).orElseThrow();
        assertTrue(p.entry(initial).ratio() < cheapest.ratio(), initial + " against " + cheapest.mode());
        assertTrue(4096 / (p.entry(initial).totalMicros() / 1e6) * p.entry(initial).ratio() >= 2 * 25e6 / 8, initial.toString());
    }
}
