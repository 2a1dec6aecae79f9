package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.compress.CompressStage;
import org.cloudlet.handoff.dedup.BaseDedupStage;
import org.cloudlet.handoff.dedup.SelfDedupStage;
import org.cloudlet.handoff.dedup.SessionIndex;
import org.cloudlet.handoff.delta.DeltaStage;
import org.cloudlet.handoff.diff.BaseDiffStage;
import org.cloudlet.handoff.hash.HashStage;
import org.cloudlet.handoff.segment.ItemTally;
import org.cloudlet.handoff.segment.Segment;
import org.cloudlet.handoff.segment.Segmenter;
import org.cloudlet.handoff.wire.StreamHeader;
import org.cloudlet.handoff.wire.StreamWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The reduction pipeline, wired: chunks go in through {@link #submit}, a handoff stream comes out.
 *
 * <pre>
 * submit → hash → diff → base-dedup → delta → self-dedup → segment → compress → write
 *           N      N        N           N          1           1         N         1
 * </pre>
 * Every arrow is a bounded queue; N is configurable. Batches leave the parallel stages in any order and are put
 * back in submission order before self-dedup, so the wire carries chunks in the order they were submitted: an
 * address submitted twice ends with its later bytes, and opaque runs stay where they were.
 */
public final class EncodePipeline implements AutoCloseable {
    private final PipelineConfig config;
    private final Failure failure = new Failure();
    private final List<StageCounters> counters = new ArrayList<>();
    private final List<StageRunner<?>> runners = new ArrayList<>();
    private final ItemTally tally = new ItemTally();
    private final ModifiedChunks modified = new ModifiedChunks();
    private final AtomicLong diskWire = new AtomicLong();
    /** Time {@link #submit} spent blocked on the first stage's full queue: the pipeline, not its input, set the pace. */
    private final AtomicLong inputWaitNanos = new AtomicLong();
    private final StreamWriter writer;
    private final StageRunner<ChunkBatch> first;
    private ChunkBatch batch;
    private long batches;
    private boolean flushed = true;
    private boolean finished;
    private boolean closed;

    public EncodePipeline(PipelineConfig config, Base base, StreamHeader header, ModeSwitch mode, OutputStream out) throws IOException {
        this.config = config;
        this.writer = new StreamWriter(out);
        writer.writeHeader(header);
        SessionIndex session = new SessionIndex();
        int q = config.queueBatches();

        StageCounters writeCounters = counter("write");
        StageRunner<Segment> write = runner("write", 1, q, () -> new OrderedWrite(writeCounters, mode.fillWritten()));
        StageCounters compressCounters = counter("compress");
        StageRunner<Segment> compress = runner("compress", config.compressWorkers(), q,
                () -> new SegmentStageHandler(new CompressStage(mode), compressCounters, write::put));
        StageRunner<ChunkBatch> segment = chunkRunner("segment", 1, () -> new Segmenter(config.segmentSize(), tally, compress::put), null);
        StageCounters selfCounters = counter("self-dedup");
        StageRunner<ChunkBatch> self = runner("self-dedup", 1, config.queueBatches(),
                () -> new Resequencer(new ChunkStageHandler(new SelfDedupStage(session, modified, config.previousChunks()), selfCounters, segment::put)));
        StageRunner<ChunkBatch> delta = chunkRunner("delta", config.deltaWorkers(), () -> new DeltaStage(base, mode), self);
        StageRunner<ChunkBatch> dedup = chunkRunner("base-dedup", config.hashWorkers(), () -> new BaseDedupStage(base), delta);
        StageRunner<ChunkBatch> diff = chunkRunner("diff", config.hashWorkers(), () -> new BaseDiffStage(base), dedup);
        this.first = chunkRunner("hash", config.hashWorkers(), HashStage::new, diff);
        java.util.Collections.reverse(runners);
        java.util.Collections.reverse(counters);
        this.batch = new ChunkBatch(config.batchChunks(), batches++);
    }

    private StageCounters counter(String name) {
        StageCounters c = new StageCounters(name);
        counters.add(c);
        return c;
    }

    private <T> StageRunner<T> runner(String name, int workers, int capacity, Supplier<StageRunner.Handler<T>> handlers) {
        StageRunner<T> r = new StageRunner<>(name, workers, capacity, handlers, failure);
        runners.add(r);
        return r;
    }

    private StageRunner<ChunkBatch> chunkRunner(String name, int workers, Supplier<ChunkStage> stages, StageRunner<ChunkBatch> next) {
        StageCounters c = counter(name);
        return runner(name, workers, config.queueBatches(), () -> new ChunkStageHandler(stages.get(), c, next == null ? null : next::put));
    }

    /** Queues one chunk; blocks while the pipeline is full. Throws if any stage has failed. */
    public void submit(Chunk chunk) {
        if (finished) {
            throw new IllegalStateException("pipeline already finished");
        }
        flushed = false;
        if (batch.add(chunk)) {
            hand(false);
        }
    }

    /**
     * Sends everything submitted so far on its way, even a partial segment: for a live source that has nothing
     * more to give for now (the receiver must not wait for a segment to fill). Cheap when nothing is pending.
     */
    public void flush() {
        if (finished) {
            throw new IllegalStateException("pipeline already finished");
        }
        if (batch.size == 0 && flushed) {
            return;
        }
        hand(true);
        flushed = true;
    }

    /**
     * Passes the current batch on and starts the next one, in that order of bookkeeping: when the put throws (a
     * stage failed) the next submit meets an empty batch and the failure again, never a full batch.
     */
    private void hand(boolean flush) {
        ChunkBatch full = batch;
        full.flush = flush;
        batch = new ChunkBatch(config.batchChunks(), batches++);
        long start = System.nanoTime();
        first.put(full);
        inputWaitNanos.addAndGet(System.nanoTime() - start);
    }

    /** Nanoseconds the submitter has waited for the pipeline to take its chunks (the first queue full). */
    public long inputWaitNanos() {
        return inputWaitNanos.get();
    }

    /** Per-stage counters, in pipeline order; cheap enough to call every 100 ms. */
    public List<StageCounters.Sample> sample() {
        List<StageCounters.Sample> out = new ArrayList<>(counters.size());
        for (StageCounters c : counters) {
            out.add(c.sample());
        }
        return out;
    }

    public ItemTally tally() {
        return tally;
    }

    /** Wire bytes of the disk's chunks so far: each segment's bytes apportioned by its disk items' raw share. */
    public long diskBytesWritten() {
        return diskWire.get();
    }

    /** Bytes of modified state seen so far (chunks that end up neither zero nor equal to the base). */
    public long modifiedBytes() {
        return modified.bytes();
    }

    /** Bytes of the stream written so far. */
    public long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Drains every stage, writes the END frame and returns the number of stream bytes written. */
    public long finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("pipeline already finished");
        }
        finished = true;
        try {
            if (batch.size > 0 || batch.flush) {
                first.put(batch);
            }
            for (StageRunner<?> r : runners) {
                r.close();
            }
        } catch (PipelineException e) {
            abortAll();
            if (e.getCause() instanceof IOException io) {
                throw new IOException(e.getMessage(), io);
            }
            throw e;
        }
        writer.writeEnd();
        closed = true;
        return writer.bytesWritten();
    }

    private void abortAll() {
        for (StageRunner<?> r : runners) {
            r.abort();
        }
        closed = true;
    }

    /** Stops everything; a stream not finished is left without its END frame, so no reader takes it as complete. */
    @Override
    public void close() {
        if (!closed) {
            failure.record("close", new IllegalStateException("pipeline closed before finish"));
            abortAll();
        }
    }

    /** Puts segments back in sequence order (compression finishes them out of order) and writes them. */
    private final class OrderedWrite implements StageRunner.Handler<Segment> {
        private final PriorityQueue<Segment> pending = new PriorityQueue<>((a, b) -> Integer.compare(a.sequence(), b.sequence()));
        private final StageCounters counters;
        private final StageCounters fillWritten;
        private int next;

        OrderedWrite(StageCounters counters, StageCounters fillWritten) {
            this.counters = counters;
            this.fillWritten = fillWritten;
        }

        @Override
        public void handle(Segment s) throws IOException {
            long cpu = ChunkStageHandler.threadCpuNanos();
            long before = writer.bytesWritten();
            pending.add(s);
            long in = 0;
            long n = 0;
            while (!pending.isEmpty() && pending.peek().sequence() == next) {
                Segment ready = pending.poll();
                long framed = writer.bytesWritten();
                writer.writeSegment(ready);
                long wire = writer.bytesWritten() - framed;
                if (ready.diskLength() > 0) { // a segment's wire bytes, apportioned by its items' raw share
                    diskWire.addAndGet(wire * ready.diskLength() / ready.rawLength());
                }
                if (ready.isByFill()) {
                    fillWritten.add(0, ready.rawLength(), wire, 1, 1);
                }
                in += ready.payloadLength();
                n++;
                next++;
            }
            counters.add(ChunkStageHandler.threadCpuNanos() - cpu, in, writer.bytesWritten() - before, n, n);
        }

        @Override
        public void finish() throws IOException {
            if (!pending.isEmpty()) {
                throw new IllegalStateException("segments " + pending.peek().sequence() + ".. never preceded by segment " + next);
            }
            writer.flush();
        }
    }
}
