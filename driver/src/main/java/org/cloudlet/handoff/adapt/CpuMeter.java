package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.proc.HostCpus;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The cores the pipeline can actually use: those this process may run on (CPU affinity and cgroup quota, as the
 * JVM reads them at each call) and, of those, what this process used plus what stood idle over the interval, so
 * a guest's vCPU thread on the same cores counts against us. Idle time is read for the allowed CPUs only: pinned
 * to CPU 0 while a guest keeps it busy, an idle CPU 1 is no core of ours. Falls back to the allowed count where
 * {@code /proc} cannot be read, and for the one interval in which the affinity changed.
 */
public final class CpuMeter {
    private static final double JIFFY_SECONDS = 0.01; // USER_HZ is 100 on Linux

    private final Path stat;
    private final Path status;
    private final LongSupplier ownCpuNanos;
    private long lastIdleJiffies = -1;
    private BitSet lastCpus;
    private long lastOwnNanos;
    private long lastNanos;

    public CpuMeter() {
        this(Path.of("/proc/stat"), Path.of("/proc/self/status"),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())::getProcessCpuTime);
    }

    /** Reads {@code stat} (as /proc/stat) and {@code status} (as /proc/self/status); for tests. */
    CpuMeter(Path stat, Path status, LongSupplier ownCpuNanos) {
        this.stat = stat;
        this.status = status;
        this.ownCpuNanos = ownCpuNanos;
    }

    /** Cores available since the previous call (the allowed count on the first call). */
    public double update(long nanos) {
        BitSet cpus = allowedCpus();
        int allowed = Runtime.getRuntime().availableProcessors();
        if (cpus != null) {
            allowed = Math.min(allowed, cpus.cardinality());
        }
        long idle = idleJiffies(cpus);
        long own = ownCpuNanos.getAsLong();
        double seconds = (nanos - lastNanos) / 1e9;
        double cores = allowed;
        boolean sameCpus = cpus == null ? lastCpus == null : cpus.equals(lastCpus);
        if (idle >= 0 && lastIdleJiffies >= 0 && seconds > 0 && sameCpus) {
            double free = (idle - lastIdleJiffies) * JIFFY_SECONDS / seconds;
            double used = (own - lastOwnNanos) / 1e9 / seconds;
            cores = Math.max(0.1, Math.min(allowed, free + used));
        }
        lastIdleJiffies = idle;
        lastCpus = cpus;
        lastOwnNanos = own;
        lastNanos = nanos;
        return cores;
    }

    /** The CPUs this process may run on ({@code Cpus_allowed_list}), or null when unknown. */
    BitSet allowedCpus() {
        return HostCpus.allowedCpus(status); // unknown: every CPU counts
    }

    /** Idle + iowait jiffies of {@code cpus} (of all CPUs when null), or -1. */
    private long idleJiffies(BitSet cpus) {
        try {
            List<String> lines = Files.readAllLines(stat);
            long sum = 0;
            int seen = 0;
            for (String line : lines) {
                if (!line.startsWith("cpu")) {
                    break;
                }
                String[] f = line.trim().split("\\s+");
                boolean all = f[0].equals("cpu");
                if (f.length < 6 || all != (cpus == null) || (!all && !cpus.get(Integer.parseInt(f[0].substring(3))))) {
                    continue;
                }
                sum += Long.parseLong(f[4]) + Long.parseLong(f[5]);
                seen++;
            }
            return seen > 0 ? sum : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
