package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A digest of a migration stream's content that both ends of a handoff compute — the source over what QEMU sent,
 * the destination over what it re-created — and compare before the destination VM may start. Opaque bytes count
 * in order; the RAM pages between two opaque runs count as a set of (block, offset, content), so pages shuffled
 * within such a run (workload levelling) and a page record's encoding (block name or CONTINUE) do not matter, but
 * any page with other content, address or run, and any other byte, does.
 */
public final class StreamDigest {
    private static final int ZERO_PAGE_CRC = crc(new byte[ChunkFormat.CHUNK_SIZE], 0);

    /** What one end saw. */
    public record Value(long opaqueBytes, long pages, int crc32c) {
        @Override
        public String toString() {
            return String.format("%d opaque bytes, %d pages, digest %08x", opaqueBytes, pages, crc32c);
        }
    }

    private final CRC32C crc = new CRC32C();
    private final Map<String, Long> blockKeys = new HashMap<>();
    private final ByteBuffer fold = ByteBuffer.allocate(16);
    private long opaqueBytes;
    private long pages;
    /** The pages since the last opaque run: a sum of per-page hashes (order-free) and their count. */
    private long runSum;
    private long runPages;

    public synchronized void opaque(byte[] buf, int off, int len) {
        foldRun();
        crc.update(buf, off, len);
        opaqueBytes += len;
    }

    public synchronized void page(String block, long offset, byte[] buf, int off) {
        add(block, offset, crc(buf, off));
    }

    public synchronized void zeroPage(String block, long offset) {
        add(block, offset, ZERO_PAGE_CRC);
    }

    private void add(String block, long offset, int contentCrc) {
        long key = blockKeys.computeIfAbsent(block, b -> {
            CRC32C c = new CRC32C();
            c.update(b.getBytes(StandardCharsets.UTF_8));
            return c.getValue();
        });
        runSum += mix(key * 0x9E3779B97F4A7C15L ^ offset ^ ((long) contentCrc << 32 | (contentCrc & 0xFFFFFFFFL)));
        runPages++;
        pages++;
    }

    /** Closes the current run of pages into the ordered part: its set hash and size. */
    private void foldRun() {
        if (runPages == 0) {
            return;
        }
        fold.clear();
        fold.putLong(runSum).putLong(runPages);
        crc.update(fold.array(), 0, 16);
        runSum = 0;
        runPages = 0;
    }

    public synchronized Value value() {
        foldRun();
        return new Value(opaqueBytes, pages, (int) crc.getValue());
    }

    private static int crc(byte[] buf, int off) {
        CRC32C c = new CRC32C();
        c.update(buf, off, ChunkFormat.CHUNK_SIZE);
        return (int) c.getValue();
    }

    /** SplitMix64's finaliser: spreads every input bit over the sum's 64. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
