package org.cloudlet.handoff.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Byte strings shaped like what the pipeline carries: text, zeros, random bytes, structured records. */
public final class SampleData {
    private static final String[] WORDS = ("kernel page cache block inode extent journal commit dirty write "
            + "read socket buffer python numpy array redis key value compile object linker handoff cloudlet")
            .split(" ");

    private SampleData() {
    }

    public static byte[] text(Random rnd, int len) {
        StringBuilder sb = new StringBuilder(len + 16);
        while (sb.length() < len) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(8) == 0 ? '\n' : ' ');
        }
        return sb.substring(0, len).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] random(Random rnd, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    /** Pieces of text, zeros, random bytes and little-endian counters, as in a memory image. */
    public static byte[] mixed(Random rnd, int len) {
        byte[] b = new byte[len];
        int pos = 0;
        while (pos < len) {
            int n = Math.min(len - pos, 64 + rnd.nextInt(8192));
            switch (rnd.nextInt(4)) {
                case 0 -> System.arraycopy(text(rnd, n), 0, b, pos, n);
                case 1 -> { } // zeros
                case 2 -> System.arraycopy(random(rnd, n), 0, b, pos, n);
                default -> {
                    for (int i = 0; i + 8 <= n; i += 8) {
                        long v = pos + i;
                        for (int k = 0; k < 8; k++) {
                            b[pos + i + k] = (byte) (v >>> (8 * k));
                        }
                    }
                }
            }
            pos += n;
        }
        return b;
    }
}
