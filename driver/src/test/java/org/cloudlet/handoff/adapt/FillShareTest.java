package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FillShareTest {
    @Test
    void growsWhileThePipelineSetsThePaceAndShrinksOtherwise() {
        FillShare f = new FillShare();
        f.reset(0.1);
        assertEquals(0.13, f.update(0.9, 0), 1e-9); // QEMU waited on the pipeline, the link idled: more fill
        assertEquals(0.14, f.update(0.9, 0.6), 1e-9); // less more as the link fills
        assertEquals(0.13, f.update(0.9, 0.95), 1e-9); // the link ran full: less
        assertEquals(0.12, f.update(0.1, 0.2), 1e-9); // QEMU sets the pace: less, each fill segment is a bigger one
        for (int i = 0; i < 100; i++) {
            f.update(1, 0);
        }
        assertEquals(FillShare.MAX, f.share(), 1e-9);
        for (int i = 0; i < 100; i++) {
            f.update(0, 1);
        }
        assertEquals(0, f.share(), 1e-9);
        f.reset(3);
        assertEquals(FillShare.MAX, f.share(), 1e-9);
    }

    @Test
    void thePaceTakesTheFillPastTheForecastsCapWhileTheLinkIdles() {
        FillShare f = new FillShare();
        f.reset(FillBlend.MAX_SHARE); // the blend's forecast at its cap, and the pipeline still CPU-bound
        for (int i = 0; i < 5; i++) {
            f.update(1, 0.3);
        }
        assertEquals(FillBlend.MAX_SHARE + 5 * FillShare.UP * (FillShare.LINK_FULL - 0.3) / FillShare.LINK_FULL, f.share(), 1e-9);
        assertTrue(FillShare.MAX > FillBlend.MAX_SHARE && FillShare.MAX < 1, "a share of the segments stays with the mode");
    }
}
