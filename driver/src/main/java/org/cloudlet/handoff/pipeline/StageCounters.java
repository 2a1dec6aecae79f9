package org.cloudlet.handoff.pipeline;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one stage has done so far: CPU time, and bytes and units in and out. Written by the stage's workers, read
 * at any moment (every 100 ms by the adaptation controller) through {@link #sample()}.
 */
public final class StageCounters {
    private final String name;
    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder unitsIn = new LongAdder();
    private final LongAdder unitsOut = new LongAdder();

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of the calling thread: what the stages book, and what other CPU spenders compare with. */
    public static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public StageCounters(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void add(long cpu, long in, long out, long nIn, long nOut) {
        cpuNanos.add(cpu);
        bytesIn.add(in);
        bytesOut.add(out);
        unitsIn.add(nIn);
        unitsOut.add(nOut);
    }

    public Sample sample() {
        return new Sample(name, cpuNanos.sum(), bytesIn.sum(), bytesOut.sum(), unitsIn.sum(), unitsOut.sum());
    }

    /** A point-in-time reading; subtract two to get a rate over an interval. */
    public record Sample(String stage, long cpuNanos, long bytesIn, long bytesOut, long unitsIn, long unitsOut) {

        public Sample minus(Sample earlier) {
            return new Sample(stage, cpuNanos - earlier.cpuNanos, bytesIn - earlier.bytesIn, bytesOut - earlier.bytesOut,
                    unitsIn - earlier.unitsIn, unitsOut - earlier.unitsOut);
        }

        /** The sample of stage {@code name} among {@code samples}, or an all-zero one (the pipeline had not started). */
        public static Sample of(List<Sample> samples, String name) {
            for (Sample s : samples) {
                if (s.stage().equals(name)) {
                    return s;
                }
            }
            return new Sample(name, 0, 0, 0, 0, 0);
        }

        /** Output bytes per input byte (1 when nothing came in). */
        public double ratio() {
            return bytesIn == 0 ? 1.0 : (double) bytesOut / bytesIn;
        }
    }
}
