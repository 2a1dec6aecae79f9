package org.cloudlet.handoff.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** SHA-256 helpers shared by the encoder, the decoder and the base index. */
public final class ChunkHashes {
    private static final byte[] ZERO_PAGE = new byte[ChunkFormat.CHUNK_SIZE];
    private static final byte[][] ZERO_HASHES = new byte[ChunkFormat.CHUNK_SIZE + 1][];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ChunkHashes() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static byte[] sha256(MessageDigest digest, byte[] data, int off, int len) {
        digest.update(data, off, len);
        return digest.digest();
    }

    /** Hash of {@code length} zero bytes, cached: a zero chunk is recognised by hash alone. */
    public static byte[] zeroHash(int length) {
        byte[] h = ZERO_HASHES[length];
        if (h == null) {
            h = sha256(newDigest(), ZERO_PAGE, 0, length);
            ZERO_HASHES[length] = h;
        }
        return h;
    }

    public static boolean isZeroHash(byte[] hash, int length) {
        return Arrays.equals(hash, zeroHash(length));
    }

    public static boolean equalsAt(byte[] a, int aOff, byte[] b, int bOff) {
        return Arrays.equals(a, aOff, aOff + ChunkFormat.HASH_SIZE, b, bOff, bOff + ChunkFormat.HASH_SIZE);
    }

    public static String hex(byte[] bytes) {
        return hex(bytes, 0, bytes.length);
    }

    public static String hex(byte[] bytes, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int b = bytes[off + i] & 0xff;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }

    /** First 12 hex digits: enough to tell hashes apart in an error message. */
    public static String shortHex(byte[] hash) {
        return hex(hash, 0, 6);
    }
}
