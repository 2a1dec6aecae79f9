package org.cloudlet.handoff.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** Counts and CRC32C-sums the bytes read through it: the source QEMU's stream, as the destination must re-create it. */
final class ChecksummedInputStream extends FilterInputStream {
    private final CRC32C crc = new CRC32C();
    private volatile long count;

    ChecksummedInputStream(InputStream in) {
        super(in);
    }

    long count() {
        return count;
    }

    synchronized int crc() {
        return (int) crc.getValue();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            synchronized (this) {
                crc.update(b);
                count++;
            }
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            synchronized (this) {
                crc.update(buf, off, n);
                count += n;
            }
        }
        return n;
    }
}
