package org.cloudlet.handoff.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.cloudlet.handoff.stream.QemuStreamFormat.*;

/**
 * Re-creates a migration stream from opaque runs and pages. A page names its block unless it is in the same block
 * as the page written just before it (QEMU's own CONTINUE rule), so pages may arrive in any order; given the
 * reader's events in their order the output equals QEMU's bytes.
 */
public final class MigrationStreamWriter implements MigrationStreamHandler {
    private final OutputStream out;
    private final byte[] header = new byte[8 + 1 + 255];
    private RamBlock lastBlock;

    public MigrationStreamWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void opaque(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
    }

    @Override
    public void ramBlocks(List<RamBlock> blocks) {
        lastBlock = null;
    }

    @Override
    public void zeroPage(RamBlock block, long offset, int fill) throws IOException {
        int n = header(block, offset, RAM_ZERO);
        header[n++] = (byte) fill;
        out.write(header, 0, n);
    }

    @Override
    public void page(RamBlock block, long offset, byte[] buf, int off) throws IOException {
        out.write(header, 0, header(block, offset, RAM_PAGE));
        out.write(buf, off, PAGE_SIZE);
    }

    private int header(RamBlock block, long offset, long kind) {
        boolean same = block.equals(lastBlock);
        long word = offset | kind | (same ? RAM_CONTINUE : 0);
        for (int i = 7; i >= 0; i--) {
            header[i] = (byte) word;
            word >>>= 8;
        }
        int n = 8;
        if (!same) {
            byte[] name = block.idstr().getBytes(StandardCharsets.ISO_8859_1);
            header[n++] = (byte) name.length;
            System.arraycopy(name, 0, header, n, name.length);
            n += name.length;
        }
        lastBlock = block;
        return n;
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }
}
