package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

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

    private static void write(Path stat, long idle0, long idle1) throws IOException {
        // user nice system idle iowait ...: the aggregate line first, as the kernel writes it
        Files.writeString(stat, "cpu  100 0 50 " + (idle0 + idle1) + " 0 0 0 0 0 0\n"
                + "cpu0 50 0 25 " + idle0 + " 0 0 0 0 0 0\n"
                + "cpu1 50 0 25 " + idle1 + " 0 0 0 0 0 0\n"
                + "intr 12345\n");
    }

    @Test
    void idleTimeCountsOnlyOnTheCpusThisProcessMayUse(@TempDir Path dir) throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        Path stat = dir.resolve("stat");
        Path status = dir.resolve("status");
        AtomicLong own = new AtomicLong();
        Files.writeString(status, "Name:\tjava\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n");
        write(stat, 1000, 1000);
        CpuMeter m = new CpuMeter(stat, status, own::get);
        assertEquals(1.0, m.update(0), 1e-9, "first reading: the allowed cores");
        // over 1 s a guest kept CPU 0 busy but for our 0.3 s; CPU 1 stood idle
        write(stat, 1000, 1100);
        own.set(300_000_000L);
        assertEquals(0.3, m.update(1_000_000_000L), 1e-9);
        // allowed both: the idle CPU 1 is ours too
        Files.writeString(status, "Cpus_allowed_list:\t0-1\n");
        write(stat, 1000, 1200);
        own.set(600_000_000L);
        assertEquals(2.0, m.update(2_000_000_000L), 1e-9, "the interval in which the affinity changed: the allowed count");
        write(stat, 1000, 1300);
        own.set(900_000_000L);
        assertEquals(1.3, m.update(3_000_000_000L), 1e-9);
    }
}
