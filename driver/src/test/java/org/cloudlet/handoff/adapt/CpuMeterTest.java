package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CpuMeterTest {
    private static int taskset(String cpus) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aChangedCpuAffinityIsNoticedAtTheNextReading() throws Exception {
        int all = Runtime.getRuntime().availableProcessors();
        assumeTrue(all >= 2, "needs two cores to take one away");
        CpuMeter m = new CpuMeter();
        long t = System.nanoTime();
        assertEquals(all, m.update(t), 1e-9, "the first reading: the allowed cores");
        Thread.sleep(300);
        double before = m.update(System.nanoTime());
        assertTrue(before > 0 && before <= all, "cores " + before);
        assumeTrue(taskset("0") == 0, "taskset could not pin this JVM");
        try {
            Thread.sleep(300);
            double pinned = m.update(System.nanoTime());
            assertTrue(pinned <= 1.0 + 1e-9, "pinned to CPU 0, yet " + pinned + " cores");
        } finally {
            taskset("0-" + (all - 1));
        }
        Thread.sleep(300);
        assertTrue(new CpuMeter().update(System.nanoTime()) == all, "affinity restored");
    }
}
