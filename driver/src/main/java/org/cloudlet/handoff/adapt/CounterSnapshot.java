package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's cumulative counters at one instant: the stages', the bytes acknowledged, the time the writer waited
 * for the window, the time QEMU's stream waited for the pipeline, and the link's bandwidth as the window measured it.
 * Two of them make a {@link Measurement}.
 */
record CounterSnapshot(long nanos, List<StageCounters.Sample> stages, long acked, long waited, long inputWaited, double linkBandwidth) {

    static CounterSnapshot of(SessionCounters counters, long nanos) {
        return new CounterSnapshot(nanos, counters.stages(), counters.ackedBytes(), counters.windowWaitNanos(), counters.inputWaitNanos(),
                counters.linkBandwidth());
    }

    /** Share of the time since {@code from} that QEMU's stream waited for the pipeline. */
    double inputWaitShare(CounterSnapshot from) {
        return nanos > from.nanos ? Math.min(1, (double) (inputWaited - from.inputWaited) / (nanos - from.nanos)) : 0;
    }

    StageCounters.Sample stage(String name) {
        return StageCounters.Sample.of(stages, name);
    }

    /** Chunks that entered the pipeline since {@code from}. */
    long chunksSince(CounterSnapshot from) {
        return stage("hash").unitsIn() - from.stage("hash").unitsIn();
    }

    /** Bytes that reached the compressor since {@code from}: not deduplicated. */
    long compressedInputSince(CounterSnapshot from) {
        return stage("compress").bytesIn() - from.stage("compress").bytesIn();
    }

    /** Each stage's counters since {@code from}. */
    List<StageCounters.Sample> minus(CounterSnapshot from) {
        List<StageCounters.Sample> out = new ArrayList<>();
        for (StageCounters.Sample s : stages) {
            out.add(s.minus(from.stage(s.stage())));
        }
        return out;
    }

    /** What the pipeline did since {@code from}: CPU µs per input chunk of each stage, input and output bytes. */
    Measurement since(CounterSnapshot from, double cores, double bandwidth, boolean bound) {
        long chunks = chunksSince(from);
        Map<String, Double> micros = new LinkedHashMap<>();
        for (StageCounters.Sample s : stages) {
            long cpuNanos = s.cpuNanos() - from.stage(s.stage()).cpuNanos();
            micros.put(s.stage(), chunks == 0 ? 0.0 : cpuNanos / 1e3 / chunks);
        }
        return new Measurement((nanos - from.nanos) / 1e9, chunks,
                stage("hash").bytesIn() - from.stage("hash").bytesIn(),
                stage("write").bytesOut() - from.stage("write").bytesOut(), micros, cores, bandwidth, bound);
    }
}
