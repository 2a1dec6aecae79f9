package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.SegmentSample;
import org.cloudlet.handoff.segment.Segment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressStageTest {
    private static byte[] text() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 512 * 1024; i++) {
            text.append("page ").append(i * 7919 % 1013).append(" of the guest's memory\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theFillCompressesItsShareOfTheSegmentsAndBooksThemApart() {
        byte[] raw = text();
        ModeSwitch mode = new ModeSwitch(Mode.parse("xor+bzip2-9"));
        mode.fill(Mode.parse("zstd-3"), 0.25);
        long filledOut = 0;
        try (CompressStage stage = new CompressStage(mode)) {
            for (int i = 0; i < 8; i++) {
                Segment segment = new Segment(i, raw, raw.length, 1, 0, new byte[32]);
                stage.process(segment);
                boolean fill = i % 4 == 3; // a quarter of the segments, spread evenly
                assertEquals(fill ? CodecId.ZSTD : CodecId.BZIP2, segment.codec(), "segment " + i);
                assertEquals(fill, segment.isByFill(), "marked for the writer's count of the fill's wire bytes");
                filledOut += fill ? segment.payloadLength() : 0;
            }
        }
        var booked = mode.fillCounters().sample();
        assertEquals(2, booked.unitsIn());
        assertEquals(2L * raw.length, booked.bytesIn());
        assertEquals(filledOut, booked.bytesOut());
        assertTrue(booked.cpuNanos() > 0);
    }

    @Test
    void theSampledSegmentCarriesWhatTheStageSentForIt() {
        byte[] raw = text();
        ModeSwitch mode = new ModeSwitch(Mode.parse("xor+bzip2-9"));
        try (CompressStage stage = new CompressStage(mode)) {
            Segment segment = new Segment(0, raw, raw.length, 1, 0, new byte[32]);
            stage.process(segment);
            SegmentSample.Copy copy = mode.sample().copies().get(0);
            assertTrue(copy.packedWith(Mode.parse("bzip2-9")));
            assertEquals(segment.payload().length, copy.packed()); // the probes take it for bzip2-9's size on these bytes
            assertTrue(copy.packed() < raw.length / 4, "text compresses");
        }
    }

    @Test
    void theSampledSegmentCarriesTheWorkersCpuForItOnceTheCompressorIsWarm() throws InterruptedException {
        byte[] raw = text();
        ModeSwitch mode = new ModeSwitch(Mode.parse("lzma-3"));
        try (CompressStage stage = new CompressStage(mode)) {
            stage.process(new Segment(0, raw, raw.length, 1, 0, new byte[32]));
            // the compressor's first segment pays for its tables too: no cost per byte to compare with
            assertEquals(-1, mode.sample().copies().get(0).packedNanos());
            while (!mode.sample().due(raw.length)) {
                Thread.sleep(50);
            }
            stage.process(new Segment(1, raw, raw.length, 1, 0, new byte[32]));
            assertTrue(mode.sample().copies().get(1).packedNanos() > 0);
        }
    }
}
