package org.cloudlet.handoff.stream;

import java.io.IOException;
import java.util.List;

/** Feeds a {@link StreamDigest} with the stream as the reader takes it apart, then passes everything on. */
public final class DigestingHandler implements MigrationStreamHandler {
    private final MigrationStreamHandler next;
    private final StreamDigest digest;

    public DigestingHandler(MigrationStreamHandler next, StreamDigest digest) {
        this.next = next;
        this.digest = digest;
    }

    @Override
    public void opaque(byte[] buf, int off, int len) throws IOException {
        digest.opaque(buf, off, len);
        next.opaque(buf, off, len);
    }

    @Override
    public void ramBlocks(List<RamBlock> blocks) throws IOException {
        next.ramBlocks(blocks);
    }

    @Override
    public void zeroPage(RamBlock block, long offset, int fill) throws IOException {
        if (fill == 0) {
            digest.zeroPage(block.idstr(), offset);
        } else {
            digest.page(block.idstr(), offset, org.cloudlet.handoff.chunk.ChunkFormat.filled(fill), 0);
        }
        next.zeroPage(block, offset, fill);
    }

    @Override
    public void page(RamBlock block, long offset, byte[] buf, int off) throws IOException {
        digest.page(block.idstr(), offset, buf, off);
        next.page(block, offset, buf, off);
    }

    @Override
    public void idle() throws IOException {
        next.idle();
    }

    @Override
    public void completing() throws IOException {
        next.completing();
    }

    @Override
    public void end() throws IOException {
        next.end();
    }
}
