package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a tracked disk as one plain image (base + overlay), sparse where it reads as zeros. Written next to the
 * target and renamed into place, so a failure leaves no half image under the target's name.
 */
public final class DiskFlattener {
    private static final int BLOCK = 1 << 20;

    private DiskFlattener() {
    }

    /** Returns the number of overlay chunks the image took from the overlay. */
    public static long flatten(Path baseImage, Path overlayDir, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        try (CowDisk disk = CowDisk.open(baseImage, overlayDir);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            for (long at = 0; at < disk.length(); at += BLOCK) {
                buf.clear();
                int n = disk.read(at, buf);
                buf.flip();
                if (!isZero(buf.array(), n)) {
                    while (buf.hasRemaining()) {
                        out.write(buf, at + buf.position());
                    }
                }
            }
            out.truncate(disk.length());
            if (out.size() < disk.length()) { // trailing zeros: extend without writing them
                out.write(ByteBuffer.allocate(1), disk.length() - 1);
            }
            out.force(true);
            long held = disk.overlay().heldCount();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return held;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean isZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
