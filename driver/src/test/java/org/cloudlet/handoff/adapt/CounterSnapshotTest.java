package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CounterSnapshotTest {
    private static final Sample NO_FILL = new Sample("fill", 0, 0, 0, 0, 0);

    private static CounterSnapshot at(long nanos, long compressCpu, long compressIn, long compressOut, long writeOut, Sample fill) {
        return at(nanos, compressCpu, compressIn, compressOut, writeOut, fill, 0);
    }

    private static CounterSnapshot at(long nanos, long compressCpu, long compressIn, long compressOut, long writeOut, Sample fill, long peerCpu) {
        return at(nanos, compressCpu, compressIn, compressOut, writeOut, fill, new Sample("fill-write", 0, fill.bytesIn(), fill.bytesOut(), 0, 0), peerCpu);
    }

    /** {@code fillWritten}: the fill's segments the writer sent (by default all it compressed). */
    private static CounterSnapshot at(long nanos, long compressCpu, long compressIn, long compressOut, long writeOut, Sample fill,
                                      Sample fillWritten, long peerCpu) {
        long chunks = nanos == 0 ? 0 : 2441; // 10 MB entered in the second
        List<Sample> stages = List.of(new Sample("hash", chunks * 400, chunks * 4096, chunks * 4096, chunks, chunks),
                new Sample("compress", compressCpu, compressIn, compressOut, 8, 8),
                new Sample("write", 100_000, compressOut + 1000, writeOut, 8, 8));
        return new CounterSnapshot(nanos, stages, fill, fillWritten, 0, 0, 0, 0, false, peerCpu, 1.0, 0, 0);
    }

    @Test
    void theFillsSegmentsAreTakenOutOfTheModesCostAndOutput() {
        CounterSnapshot from = at(0, 0, 0, 0, 0, NO_FILL);
        // 8 MB reached the compressor: 6 MB in the mode's segments (0.6 s of CPU, 1.2 MB out), 2 MB in the fill's
        // (0.05 s, 0.6 MB out); 1.9 MB of stream in all
        CounterSnapshot to = at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 1_900_000,
                new Sample("fill", 50_000_000L, 2_000_000, 600_000, 2, 2));
        List<Sample> own = to.minus(from);
        Sample compress = Sample.of(own, "compress");
        assertEquals(800_000_000L, compress.cpuNanos(), "the mode's 0.1 s per MB over all 8 MB");
        assertEquals(1_600_000, compress.bytesOut(), "its R 0.2 over all 8 MB");
        assertEquals(1_900_000 - 600_000 + 400_000, Sample.of(own, "write").bytesOut());
        Measurement m = to.since(from, 2, 1e6, true);
        assertEquals(1_700_000, m.bytesOut());
        assertEquals(800_000_000L / 1e3 / 2441, m.stageMicros().get("compress"), 1e-6);
        // without a fill the stages stand as counted
        CounterSnapshot plain = at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 1_900_000, NO_FILL);
        assertEquals(650_000_000L, Sample.of(plain.minus(from), "compress").cpuNanos());
        assertEquals(1_900_000, plain.since(from, 2, 1e6, true).bytesOut());
    }

    @Test
    void theFillsSegmentsCountInTheOutputAsTheWriterSentThem() {
        CounterSnapshot from = at(0, 0, 0, 0, 0, NO_FILL);
        Sample fill = new Sample("fill", 50_000_000L, 2_000_000, 600_000, 2, 2);
        // the fill's 2 MB compressed but still queued for the writer, which sent 0.1 MB of the mode's own segments
        CounterSnapshot queued = at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 100_000, fill,
                new Sample("fill-write", 0, 0, 0, 0, 0), 0);
        assertEquals(100_000, queued.since(from, 2, 1e6, true).bytesOut(), "the mode's own, never below zero");
        // a fill segment of 1 MB (0.3 MB on the wire) written among 1.9 MB: the rest is the mode's, that one at its R 0.2
        CounterSnapshot sent = at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 1_900_000, fill,
                new Sample("fill-write", 0, 1_000_000, 300_000, 1, 1), 0);
        assertEquals(1_900_000 - 300_000 + 200_000, sent.since(from, 2, 1e6, true).bytesOut());
    }

    @Test
    void aFillThatTookAlmostEverythingLeavesTheFiguresAsCounted() {
        CounterSnapshot from = at(0, 0, 0, 0, 0, NO_FILL);
        CounterSnapshot to = at(1_000_000_000L, 200_000_000L, 8_000_000, 2_000_000, 2_100_000,
                new Sample("fill", 100_000_000L, 7_000_000, 1_900_000, 7, 7));
        assertEquals(200_000_000L, Sample.of(to.minus(from), "compress").cpuNanos(), "1 MB of the mode's own says too little");
    }

    @Test
    void theDestinationsCpuOnOurCoresIsCountedPerChunkThatCameIn() {
        CounterSnapshot from = at(0, 0, 0, 0, 0, NO_FILL, 3_000_000_000L);
        // 2441 chunks in the second, the destination 0.6 s of CPU on our cores meanwhile
        CounterSnapshot to = at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 1_900_000, NO_FILL, 3_600_000_000L);
        Measurement m = to.since(from, 1.2, 1e6, true);
        assertEquals(600_000_000L / 1e3 / 2441, m.peerMicros(), 1e-6);
        assertEquals(0.6, m.peerCores(), 1e-9);
        assertEquals(0, at(1_000_000_000L, 650_000_000L, 8_000_000, 1_800_000, 1_900_000, NO_FILL, 0)
                .since(at(0, 0, 0, 0, 0, NO_FILL, 0), 1.2, 1e6, true).peerMicros(), "another host: none");
    }
}
