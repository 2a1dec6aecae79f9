package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.job.EncodeJob;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.testing.Codec;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.cloudlet.handoff.wire.Frame;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.SegmentFrame;
import org.cloudlet.handoff.wire.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodePipelineTest {
    @TempDir
    Path dir;

    /** The adaptation switches modes while the pipeline runs: the stream must still rebuild exactly. */
    @Test
    void modeChangesWhileRunningKeepTheStreamExact() throws Exception {
        long seed = Seeds.seed();
        TestImages t = TestImages.create(dir, seed, 512);
        List<Mode> modes = List.of(Mode.parse("xor+zstd-1"), Mode.parse("gzip-6"), Mode.parse("lz4"), Mode.parse("bsdiff+lzma-1"),
                Mode.parse("none"), Mode.parse("xdelta3+bzip2-1"));
        ModeSwitch mode = new ModeSwitch(modes.get(0));
        AtomicBoolean done = new AtomicBoolean();
        Thread switcher = new Thread(() -> {
            int i = 0;
            while (!done.get()) {
                mode.set(modes.get(++i % modes.size()));
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Path stream = dir.resolve("out.hoff");
        switcher.start();
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2);
             OutputStream out = Files.newOutputStream(stream)) {
            var header = new org.cloudlet.handoff.wire.StreamHeader(4096, base.id(), List.of(
                    new org.cloudlet.handoff.chunk.Space(0, org.cloudlet.handoff.chunk.SpaceKind.DISK, Base.DISK, Files.size(t.disk)),
                    new org.cloudlet.handoff.chunk.Space(1, org.cloudlet.handoff.chunk.SpaceKind.MEMORY, Base.MEMORY, Files.size(t.memory))));
            try (EncodePipeline p = new EncodePipeline(new PipelineConfig(2, 2, 2, 4, 8, 16 * 1024), base, header, mode, out)) {
                new org.cloudlet.handoff.source.ImageSource(t.disk, header.spaces().get(0), 64, ChunkOrder.shuffled(seed)).feed(p::submit);
                new org.cloudlet.handoff.source.ImageSource(t.memory, header.spaces().get(1), 64, ChunkOrder.shuffled(seed)).feed(p::submit);
                p.finish();
            }
        } finally {
            done.set(true);
            switcher.join();
        }
        Codec.decode(t, stream, dir.resolve("d2"), dir.resolve("m2"));
        assertArrayEquals(Files.readAllBytes(t.disk), Files.readAllBytes(dir.resolve("d2")), Seeds.describe(seed));
        assertArrayEquals(Files.readAllBytes(t.memory), Files.readAllBytes(dir.resolve("m2")), Seeds.describe(seed));

        Set<CodecId> seen = EnumSet.noneOf(CodecId.class);
        FrameReader r = new FrameReader(new ByteArrayInputStream(Files.readAllBytes(stream)));
        r.readPreamble();
        for (Frame f = r.readFrame("any"); f.type() != WireFormat.FRAME_END; f = r.readFrame("any")) {
            if (f.type() == WireFormat.FRAME_SEGMENT) {
                seen.add(SegmentFrame.decode(f).codec());
            }
        }
        assertTrue(seen.size() >= 3, "segments used only " + seen + "; the switch did not take effect between segments");
    }

    /** The writer counts the fill's segments apart as it sends them: each one the fill compressed, framed. */
    @Test
    void theWriterCountsTheFillsSegmentsAsSent() throws Exception {
        long seed = Seeds.seed();
        TestImages t = TestImages.create(dir, seed, 256);
        ModeSwitch mode = new ModeSwitch(Mode.parse("gzip-6"));
        mode.fill(Mode.parse("zstd-1"), 0.5);
        List<StageCounters.Sample> stages;
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2);
             OutputStream out = Files.newOutputStream(dir.resolve("fill.hoff"))) {
            var header = new org.cloudlet.handoff.wire.StreamHeader(4096, base.id(), List.of(
                    new org.cloudlet.handoff.chunk.Space(0, org.cloudlet.handoff.chunk.SpaceKind.MEMORY, Base.MEMORY, Files.size(t.memory))));
            try (EncodePipeline p = new EncodePipeline(new PipelineConfig(2, 2, 2, 4, 8, 16 * 1024), base, header, mode, out)) {
                new org.cloudlet.handoff.source.ImageSource(t.memory, header.spaces().get(0), 64, ChunkOrder.sequential()).feed(p::submit);
                p.finish();
                stages = p.sample();
            }
        }
        StageCounters.Sample compressed = mode.fillCounters().sample();
        StageCounters.Sample written = mode.fillWritten().sample();
        assertTrue(compressed.unitsIn() >= 2, Seeds.describe(seed) + ": " + compressed);
        assertEquals(compressed.unitsIn(), written.unitsIn());
        assertEquals(compressed.bytesIn(), written.bytesIn());
        assertTrue(written.bytesOut() > compressed.bytesOut(), "framed: " + written + " of " + compressed);
        assertTrue(written.bytesOut() < StageCounters.Sample.of(stages, "write").bytesOut(), "the mode's segments too");
    }

    /** A failing sink stops every stage, reports the cause, and leaves no output file. */
    @Test
    void aFailingSinkStopsThePipelineAndLeavesNoOutput() throws Exception {
        TestImages t = TestImages.create(dir, Seeds.seed(), 256);
        OutputStream failing = failingAfter(100_000, "disk full (simulated)");
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2)) {
            EncodeJob job = new EncodeJob(t.disk, t.memory, Mode.parse("none"), Codec.smallSegments(2), ChunkOrder.sequential());
            Exception e = assertThrows(Exception.class, () -> job.run(base, failing));
            assertTrue(String.valueOf(e.getMessage()).contains("disk full (simulated)") || String.valueOf(e.getCause()).contains("disk full"), e.toString());
        }
        Thread.sleep(200);
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            assertFalse(th.getName().startsWith("handoff-") && th.isAlive(), "stage thread left running: " + th.getName());
        }
        Path out = dir.resolve("never.hoff");
        assertFalse(Files.exists(out));
    }

    /**
     * After a stage failed, every later submit reports that failure (a live source's disk rounds and stream reader
     * both submit: the one that is second must not meet a half-handed batch).
     */
    @Test
    void afterAStageFailsEverySubmitReportsTheFailure() throws Exception {
        TestImages t = TestImages.create(dir, Seeds.seed(), 64);
        OutputStream failing = failingAfter(50_000, "link gone (simulated)");
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2)) {
            org.cloudlet.handoff.chunk.Space disk = new org.cloudlet.handoff.chunk.Space(0, org.cloudlet.handoff.chunk.SpaceKind.DISK,
                    Base.DISK, Files.size(t.disk));
            var header = new org.cloudlet.handoff.wire.StreamHeader(4096, base.id(), List.of(disk));
            java.util.Random random = new java.util.Random(Seeds.seed());
            int failures = 0;
            try (EncodePipeline p = new EncodePipeline(Codec.smallSegments(2), base, header, new ModeSwitch(Mode.parse("none")), failing)) {
                for (int i = 0; i < 200_000 && failures < 3; i++) {
                    byte[] data = new byte[4096];
                    random.nextBytes(data); // incompressible: the sink sees bytes soon
                    try {
                        p.submit(new org.cloudlet.handoff.chunk.Chunk(disk, i % (Files.size(t.disk) / 4096), data));
                    } catch (RuntimeException e) {
                        assertFalse(e instanceof ArrayIndexOutOfBoundsException, e.toString());
                        assertTrue(String.valueOf(e.getMessage()).contains("link gone") || String.valueOf(e.getCause()).contains("link gone"), e.toString());
                        failures++;
                    }
                }
            }
            org.junit.jupiter.api.Assertions.assertEquals(3, failures, "the failure was not reported on each later submit");
        }
    }

    /** A sink that takes {@code limit} bytes, then fails every write with {@code message}. */
    private static OutputStream failingAfter(long limit, String message) {
        return new OutputStream() {
            long n;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                n += len;
                if (n > limit) {
                    throw new IOException(message);
                }
            }
        };
    }
}
