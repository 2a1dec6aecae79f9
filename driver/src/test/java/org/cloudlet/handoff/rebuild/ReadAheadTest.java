package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.net.CountingInputStream;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.testing.Codec;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder goes on reading its input while its outputs hold the applier up (live: the destination QEMU busy
 * loading a pass's zero pages), so the sender's bytes keep being taken and acknowledged; and it reads ahead only
 * so far, counting the time it is held up there.
 */
class ReadAheadTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void readsAheadWhileTheOutputsBlock() throws Exception {
        long seed = Seeds.seed();
        TestImages images = TestImages.create(dir, seed, 4096);
        Path out = dir.resolve("out.hoff");
        Codec.encode(images, Mode.parse("none"), Codec.smallSegments(1), ChunkOrder.sequential(), out);
        byte[] stream = Files.readAllBytes(out);
        assertTrue(stream.length > 64 * SEGMENT, "stream too short for the test: " + stream.length);

        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChunkSink.Factory factory = (space, base) -> {
            return new HeldSink(new MemorySink(space), blocked, release);
        };
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (Base base = Base.open(images.baseDisk, images.baseMemory, 2)) {
            CountingInputStream read = new CountingInputStream(new ByteArrayInputStream(stream));
            InputStream in = new BufferedInputStream(read, 8192);
            HoldUps heldUp = new HoldUps();
            Future<DecodeResult> decoded = runner.submit(() ->
                    StreamDecoder.toSinks(base, Map.of(Base.DISK, factory, Base.MEMORY, factory)).threads(1).heldUp(heldUp).decode(in));
            try {
                assertTrue(blocked.await(30, TimeUnit.SECONDS), "no chunk reached the outputs; " + Seeds.describe(seed));
                // Held at its first chunk, the applier has taken one segment; the reader goes on up to its limit.
                long enough = 8L * SEGMENT;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.count() < enough && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(read.count() >= enough, "read " + read.count() + " bytes while the outputs were held (expected: >= "
                        + enough + "); " + Seeds.describe(seed));
                long heldBefore = heldUp.reader();
                Thread.sleep(200); // it has stopped at its limit, not read the whole stream
                assertTrue(read.count() < stream.length / 2, "read " + read.count() + " of " + stream.length
                        + " bytes while the outputs were held: no bound on reading ahead; " + Seeds.describe(seed));
                // and it counts the time it waits there as it goes, for the destination's acks to report
                assertTrue(heldUp.reader() - heldBefore >= 150_000_000L, "held up " + (heldUp.reader() - heldBefore) / 1e6 + " ms of 200");
                // by the outputs: the applier waits on them, not on the decoders
                assertTrue(heldUp.decoding() < 50_000_000L, "waited " + heldUp.decoding() / 1e6 + " ms for decoding");
            } finally {
                release.countDown();
            }
            DecodeResult result = decoded.get(60, TimeUnit.SECONDS); // every chunk checked against its SHA-256
            assertTrue(result.segments() > 64, "segments: " + result.segments());
        } finally {
            runner.shutdownNow();
        }
    }

    /** Passes chunks on, but holds the first write until released. */
    private static final class HeldSink implements ChunkSink {
        private final MemorySink sink;
        private final CountDownLatch blocked;
        private final CountDownLatch release;

        HeldSink(MemorySink sink, CountDownLatch blocked, CountDownLatch release) {
            this.sink = sink;
            this.blocked = blocked;
            this.release = release;
        }

        @Override
        public Space space() {
            return sink.space();
        }

        @Override
        public void write(long chunk, byte[] data, int off, int len) throws IOException {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            sink.write(chunk, data, off, len);
        }

        @Override
        public void read(long chunk, byte[] dst, int len) throws IOException {
            sink.read(chunk, dst, len);
        }

        @Override
        public void commit() {
        }

        @Override
        public void abort() {
        }
    }
}
