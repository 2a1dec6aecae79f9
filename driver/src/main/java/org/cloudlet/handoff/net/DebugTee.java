package org.cloudlet.handoff.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * With {@code HANDOFF_DEBUG_TEE=DIR} set, a daemon keeps a copy of each migration stream it proxies — the one the
 * source QEMU sent and the one re-created for the destination QEMU — so the two can be compared page by page
 * ({@code RamImages}) when a handoff misbehaves. Off by default: the copies are as large as the guest's memory.
 */
final class DebugTee {
    private DebugTee() {
    }

    private static Path file(String side) throws IOException {
        String dir = System.getenv("HANDOFF_DEBUG_TEE");
        if (dir == null || dir.isEmpty()) {
            return null;
        }
        Files.createDirectories(Path.of(dir));
        return Path.of(dir, side + "-" + System.currentTimeMillis() + ".mig");
    }

    static InputStream source(InputStream fromQemu) throws IOException {
        Path f = file("source");
        if (f == null) {
            return fromQemu;
        }
        OutputStream copy = Files.newOutputStream(f);
        return new FilterInputStream(fromQemu) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    copy.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    copy.write(buf, off, n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                copy.close();
                super.close();
            }
        };
    }

    static OutputStream destination(OutputStream toQemu) throws IOException {
        Path f = file("destination");
        if (f == null) {
            return toQemu;
        }
        OutputStream copy = Files.newOutputStream(f);
        return new FilterOutputStream(toQemu) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
                copy.write(buf, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                copy.flush();
            }

            @Override
            public void close() throws IOException {
                copy.close();
                super.close();
            }
        };
    }
}
