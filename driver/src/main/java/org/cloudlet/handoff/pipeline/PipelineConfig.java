package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.wire.WireFormat;

/**
 * Worker counts of the parallel stages and the sizes of what flows between stages. The hash, delta and compress
 * stages run in parallel; self-dedup, segmenting and writing are single-threaded because they fix the wire order.
 * {@code shuffleWindow}: a live source feeds QEMU's pages in a random order within windows of that many pages
 * (0: in stream order).
 */
public record PipelineConfig(int hashWorkers, int deltaWorkers, int compressWorkers,
                             int queueBatches, int batchChunks, int segmentSize, int shuffleWindow, int previousChunks) {
    /** Pages per shuffle window of a live handoff: 1 MiB. */
    public static final int LIVE_SHUFFLE_WINDOW = 256;

    /**
     * Chunks sent as data whose bytes a live source keeps (128 MiB), so a page sent again in a later pass can go as
     * a delta against its previous version.
     */
    public static final int LIVE_PREVIOUS_CHUNKS = 32 * 1024;

    public PipelineConfig(int hashWorkers, int deltaWorkers, int compressWorkers, int queueBatches, int batchChunks, int segmentSize) {
        this(hashWorkers, deltaWorkers, compressWorkers, queueBatches, batchChunks, segmentSize, 0, 0);
    }

    public PipelineConfig {
        check("hash workers", hashWorkers, 1, 256);
        check("delta workers", deltaWorkers, 1, 256);
        check("compress workers", compressWorkers, 1, 256);
        check("queue batches", queueBatches, 1, 1 << 16);
        check("batch chunks", batchChunks, 1, 1 << 16);
        check("segment size", segmentSize, 4096, WireFormat.MAX_FRAME_BODY / 2);
        check("shuffle window", shuffleWindow, 0, 1 << 20);
        check("previous chunks", previousChunks, 0, 1 << 24);
    }

    private static void check(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + ": " + v + " (expected: " + min + "-" + max + ")");
        }
    }

    /**
     * For a live handoff: one-batch queues and 1 MiB segments. What waits inside the pipeline QEMU believes
     * already sent, and it is sent during the downtime, so queues stay short. Segments are the compressor's whole
     * context, though: on the Debian guest's memory 512 KiB segments came out 9-13 % smaller than 128 KiB ones
     * (bzip2, lzma), and 1 MiB ones another 4 % smaller than 512 KiB (xor+lzma-6, xor+zstd-19 offline on the whole
     * recorded state); the paper's segments are ~1 MB too.
     */
    public static PipelineConfig live(int threads) {
        return new PipelineConfig(threads, threads, threads, 1, 16, 1024 * 1024, LIVE_SHUFFLE_WINDOW, LIVE_PREVIOUS_CHUNKS);
    }

    public PipelineConfig withSegmentSize(int bytes) {
        return new PipelineConfig(hashWorkers, deltaWorkers, compressWorkers, queueBatches, batchChunks, bytes, shuffleWindow, previousChunks);
    }

    public PipelineConfig withShuffleWindow(int pages) {
        return new PipelineConfig(hashWorkers, deltaWorkers, compressWorkers, queueBatches, batchChunks, segmentSize, pages, previousChunks);
    }

    /** {@code threads} workers for each parallel stage, default queue, batch and segment sizes. */
    public static PipelineConfig withThreads(int threads) {
        return new PipelineConfig(threads, threads, threads, 8, 64, WireFormat.SEGMENT_TARGET_SIZE);
    }
}
