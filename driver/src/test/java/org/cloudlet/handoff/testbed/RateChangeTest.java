package org.cloudlet.handoff.testbed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateChangeTest {
    @Test
    void parsesASchedule() {
        assertEquals(List.of(new Experiment.RateChange(20, "35mbit"), new Experiment.RateChange(40.5, "5mbit")),
                Experiment.RateChange.parseList("20s:35mbit,40.5s:5mbit"));
    }

    @Test
    void refusesWhatIsNotOne() {
        for (String bad : new String[]{"20:35mbit", "20s:", "35mbit", "20s:35mbit,10s:5mbit", "-1s:5mbit"}) {
            assertThrows(IllegalArgumentException.class, () -> Experiment.RateChange.parseList(bad), bad);
        }
    }
}
