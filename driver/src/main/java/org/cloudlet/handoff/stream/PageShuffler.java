package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.source.ChunkOrder;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Passes a stream on to the next handler with its RAM pages in a shuffled order (of runs of {@link #RUN} pages)
 * within windows of a bounded number of pages — the paper's workload levelling: runs of similar pages (zeroed
 * buffers, copies of the base, fresh data) spread over all workers and segments instead of loading one at a time. A window never crosses an opaque
 * run (section framing must stay between the same pages), the reader's idle points or the VM stop, and never holds
 * a page twice, so the stream QEMU gets re-created is one it loads.
 */
public final class PageShuffler implements MigrationStreamHandler {
    /**
     * Pages move in runs of this many, in their order within a run: neighbouring pages are often alike (one heap,
     * one file's cache), and the compressor finds that best next to each other. Single pages cost 2.7 % more bytes
     * than no shuffle on the Debian guest's recorded memory (xor+lzma-3); 32 KiB still spreads the load.
     */
    static final int RUN = 8;

    private final MigrationStreamHandler next;
    private final ChunkOrder order;
    private final int window;
    private final RamBlock[] blocks;
    private final long[] offsets;
    private final byte[][] pages;
    /** -1: the page is a zero page with fill {@code fills[i]}. */
    private final int[] fills;
    private final int[] permutation;
    private final Set<Long> held = new HashSet<>();
    private int n;

    public PageShuffler(MigrationStreamHandler next, ChunkOrder order, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("shuffle window " + window + " (expected: >= 1 page)");
        }
        this.next = next;
        this.order = order;
        this.window = window;
        this.blocks = new RamBlock[window];
        this.offsets = new long[window];
        this.pages = new byte[window][];
        this.fills = new int[window];
        this.permutation = new int[window];
    }

    @Override
    public void opaque(byte[] buf, int off, int len) throws IOException {
        drain();
        next.opaque(buf, off, len);
    }

    @Override
    public void ramBlocks(List<RamBlock> blocks) throws IOException {
        drain();
        next.ramBlocks(blocks);
    }

    @Override
    public void zeroPage(RamBlock block, long offset, int fill) throws IOException {
        hold(block, offset, null, 0, fill);
    }

    @Override
    public void page(RamBlock block, long offset, byte[] buf, int off) throws IOException {
        hold(block, offset, buf, off, -1);
    }

    private void hold(RamBlock block, long offset, byte[] buf, int off, int fill) throws IOException {
        if (!held.add((long) block.index() << 48 ^ offset)) {
            drain(); // the same page again: its later version must stay later
            held.add((long) block.index() << 48 ^ offset);
        }
        blocks[n] = block;
        offsets[n] = offset;
        fills[n] = fill;
        if (buf != null) {
            if (pages[n] == null) {
                pages[n] = new byte[ChunkFormat.CHUNK_SIZE];
            }
            System.arraycopy(buf, off, pages[n], 0, ChunkFormat.CHUNK_SIZE);
        }
        if (++n == window) {
            drain();
        }
    }

    /** Hands the held pages on in a shuffled order of their runs of {@link #RUN}. */
    private void drain() throws IOException {
        if (n == 0) {
            return;
        }
        int runs = (n + RUN - 1) / RUN;
        order.permutation(permutation, runs);
        for (int k = 0; k < runs; k++) {
            for (int i = permutation[k] * RUN, end = Math.min(n, i + RUN); i < end; i++) {
                if (fills[i] >= 0) {
                    next.zeroPage(blocks[i], offsets[i], fills[i]);
                } else {
                    next.page(blocks[i], offsets[i], pages[i], 0);
                }
                blocks[i] = null;
            }
        }
        n = 0;
        held.clear();
    }

    @Override
    public void idle() throws IOException {
        drain();
        next.idle();
    }

    @Override
    public void completing() throws IOException {
        drain();
        next.completing();
    }

    @Override
    public void end() throws IOException {
        drain();
        next.end();
    }
}
