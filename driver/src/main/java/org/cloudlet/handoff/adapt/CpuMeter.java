package org.cloudlet.handoff.adapt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cores the pipeline can actually use: those this process may run on (CPU affinity and cgroup quota, as the
 * JVM reads them at each call) and, of those, what this process used plus what stood idle over the interval, so
 * a guest's vCPU thread on the same cloudlet counts against us. Falls back to the allowed count where
 * {@code /proc/stat} cannot be read.
 */
public final class CpuMeter {
    private static final Path STAT = Path.of("/proc/stat");
    private static final double JIFFY_SECONDS = 0.01; // USER_HZ is 100 on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long lastIdleJiffies = -1;
    private long lastOwnNanos;
    private long lastNanos;

    /** Cores available since the previous call (the allowed count on the first call). */
    public double update(long nanos) {
        int allowed = Runtime.getRuntime().availableProcessors();
        long idle = idleJiffies();
        long own = os.getProcessCpuTime();
        double seconds = (nanos - lastNanos) / 1e9;
        double cores = allowed;
        if (idle >= 0 && lastIdleJiffies >= 0 && seconds > 0) {
            double free = (idle - lastIdleJiffies) * JIFFY_SECONDS / seconds;
            double used = (own - lastOwnNanos) / 1e9 / seconds;
            cores = Math.max(0.1, Math.min(allowed, free + used));
        }
        lastIdleJiffies = idle;
        lastOwnNanos = own;
        lastNanos = nanos;
        return cores;
    }

    /** Idle + iowait jiffies of all CPUs, or -1. */
    private static long idleJiffies() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            String[] f = lines.get(0).trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 6) {
                return -1;
            }
            return Long.parseLong(f[4]) + Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
