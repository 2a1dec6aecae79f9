package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's cumulative counters at one instant: the stages', the fill compressor's ({@link
 * org.cloudlet.handoff.pipeline.ModeSwitch#fillCounters()}) and the fill's segments' as written ({@code fillWritten}), the bytes acknowledged, the time the writer waited for
 * the window on the link's account ({@link LinkWaits}), the time QEMU's stream waited for the pipeline, the link's bandwidth as the window measured it (and
 * whether that is the link's own rate or a floor under it), and the destination's CPU on our cores.
 * Two of them make a {@link Measurement}: of the mode alone, the fill's segments taken out.
 */
record CounterSnapshot(long nanos, List<StageCounters.Sample> stages, StageCounters.Sample fill, StageCounters.Sample fillWritten, long acked, long waited, long inputWaited,
                       double linkBandwidth, boolean linkRateKnown, long peerCpu, double peerShare, long peerHeld, long peerDecoding) {
    /** Below this share of the compressor's input in the mode's own segments, its figures are left as they are. */
    static final double MIN_OWN_SHARE = 0.25;

    /** {@code waits}: the sender's waits for the link, less the destination's own hold-ups, kept across snapshots. */
    static CounterSnapshot of(SessionCounters counters, StageCounters.Sample fill, StageCounters.Sample fillWritten, long nanos, LinkWaits waits) {
        return new CounterSnapshot(nanos, counters.stages(), fill, fillWritten, counters.ackedBytes(),
                waits.update(counters.windowWaitNanos(), counters.peerHeldNanos()), counters.inputWaitNanos(),
                counters.linkBandwidth(), counters.linkRateKnown(), counters.peerCpuNanos(), counters.peerShare(), counters.peerHeldNanos(),
                counters.peerDecodingNanos());
    }

    /** Share of the time since {@code from} that QEMU's stream waited for the pipeline. */
    double inputWaitShare(CounterSnapshot from) {
        return shareSince(from, inputWaited - from.inputWaited);
    }

    /** Share of the time since {@code from} that the destination's reader waited for room (its decoders or its output). */
    double peerHeldShare(CounterSnapshot from) {
        return Math.max(0, shareSince(from, peerHeld - from.peerHeld));
    }

    /** Share of the time since {@code from} that the destination's applier waited for its decoders. */
    double peerDecodingShare(CounterSnapshot from) {
        return Math.max(0, shareSince(from, peerDecoding - from.peerDecoding));
    }

    /** Share of the time since {@code from} that the sender waited for the link (its window full). */
    double linkWaitShare(CounterSnapshot from) {
        return shareSince(from, waited - from.waited);
    }

    /** {@code nanosSpent} over the time since {@code from}, at most 1 (0 over no time). */
    private double shareSince(CounterSnapshot from, long nanosSpent) {
        return nanos > from.nanos ? Math.min(1, (double) nanosSpent / (nanos - from.nanos)) : 0;
    }

    StageCounters.Sample stage(String name) {
        return StageCounters.Sample.of(stages, name);
    }

    /** Chunks that entered the pipeline since {@code from}. */
    long chunksSince(CounterSnapshot from) {
        return stage("hash").unitsIn() - from.stage("hash").unitsIn();
    }

    /** Input bytes per byte written to the stream since {@code from}, the fill's segments among them (0: none written). */
    double inputPerWrittenByte(CounterSnapshot from) {
        long written = stage("write").bytesOut() - from.stage("write").bytesOut();
        return written > 0 ? (double) (stage("hash").bytesIn() - from.stage("hash").bytesIn()) / written : 0;
    }

    /** Bytes that reached the compressor since {@code from}: not deduplicated. */
    long compressedInputSince(CounterSnapshot from) {
        return stage("compress").bytesIn() - from.stage("compress").bytesIn();
    }

    /**
     * Each stage's counters since {@code from}, as the mode alone would have had them: where the fill compressed some
     * segments, the compress stage's CPU and output are those of the mode's own segments scaled to all of the
     * compressor's input, and the stream's output is the mode's own segments' as written plus the fill's written
     * segments at the mode's ratio. The fill's segments as written, not as compressed: the writer sends a segment a
     * while after it was compressed, and output less what the fill compressed in the interval went below zero where
     * its segments still queued (seen at 1 core 5 Mbit/s: R -0.008 measured, and xor+zstd-1 chosen on it).
     */
    List<StageCounters.Sample> minus(CounterSnapshot from) {
        StageCounters.Sample f = fill.minus(from.fill);
        StageCounters.Sample fw = fillWritten.minus(from.fillWritten);
        StageCounters.Sample c = stage("compress").minus(from.stage("compress"));
        long ownIn = c.bytesIn() - f.bytesIn();
        boolean correct = f.bytesIn() > 0 && ownIn > 0 && ownIn >= MIN_OWN_SHARE * c.bytesIn();
        double scale = correct ? (double) c.bytesIn() / ownIn : 1;
        double ownRatio = correct ? (double) (c.bytesOut() - f.bytesOut()) / ownIn : 0;
        List<StageCounters.Sample> out = new ArrayList<>();
        for (StageCounters.Sample s : stages) {
            StageCounters.Sample d = s.minus(from.stage(s.stage()));
            if (correct && d.stage().equals("compress")) {
                d = new StageCounters.Sample(d.stage(), Math.round((d.cpuNanos() - f.cpuNanos()) * scale), d.bytesIn(),
                        Math.round((d.bytesOut() - f.bytesOut()) * scale), d.unitsIn(), d.unitsOut());
            } else if (correct && d.stage().equals("write")) {
                d = new StageCounters.Sample(d.stage(), d.cpuNanos(), d.bytesIn(),
                        Math.max(0, d.bytesOut() - fw.bytesOut()) + Math.round(fw.bytesIn() * ownRatio), d.unitsIn(), d.unitsOut());
            }
            out.add(d);
        }
        return out;
    }

    /** What the mode did since {@code from} ({@link #minus}): CPU µs per input chunk of each stage, input and output bytes. */
    Measurement since(CounterSnapshot from, double cores, double bandwidth, boolean bound) {
        long chunks = chunksSince(from);
        List<StageCounters.Sample> interval = minus(from);
        Map<String, Double> micros = new LinkedHashMap<>();
        for (StageCounters.Sample s : interval) {
            micros.put(s.stage(), chunks == 0 ? 0.0 : s.cpuNanos() / 1e3 / chunks);
        }
        return new Measurement((nanos - from.nanos) / 1e9, chunks,
                stage("hash").bytesIn() - from.stage("hash").bytesIn(),
                StageCounters.Sample.of(interval, "write").bytesOut(), micros, cores, bandwidth, bound,
                chunks == 0 ? 0.0 : (peerCpu - from.peerCpu) / 1e3 / chunks, peerShare);
    }
}
