package org.cloudlet.handoff.nativebridge;

import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.util.Arrays;

/** Debian's libbz2 through JNA: one complete .bz2 stream per call, readable by commons-compress and bzip2 -d. */
public final class NativeBzip2 {
    private static final NativeLoader.Loaded<LibBz2> LIB =
            NativeLoader.load(LibBz2.class, "libbz2.so.1.0", "libbz2.so.1", "bz2");
    private static final int DEFAULT_WORK_FACTOR = 0; // libbz2 picks 30

    private NativeBzip2() {
    }

    public static boolean isAvailable() {
        return LIB.ok();
    }

    public static String unavailableReason() {
        return LIB.failure();
    }

    public static String version() {
        return lib().BZ2_bzlibVersion();
    }

    private static LibBz2 lib() {
        if (!LIB.ok()) {
            throw new IllegalStateException("libbz2 is not available: " + LIB.failure());
        }
        return LIB.library();
    }

    public static byte[] compress(byte[] src, int off, int len, int blockSize100k) {
        if (blockSize100k < 1 || blockSize100k > 9) {
            throw new IllegalArgumentException("blockSize100k: " + blockSize100k + " (expected: 1-9)");
        }
        byte[] in = off == 0 ? src : Arrays.copyOfRange(src, off, off + len);
        byte[] out = new byte[len + len / 100 + 600]; // bzlib.h: 1% + 600 bytes always suffices
        IntByReference outLen = new IntByReference(out.length);
        int ret = lib().BZ2_bzBuffToBuffCompress(out, outLen, in, len, blockSize100k, 0, DEFAULT_WORK_FACTOR);
        if (ret != LibBz2.BZ_OK) {
            throw new IllegalStateException("BZ2_bzBuffToBuffCompress: " + name(ret));
        }
        return Arrays.copyOf(out, outLen.getValue());
    }

    /**
     * Decodes one .bz2 stream into {@code dst[0..rawLen)}.
     *
     * @throws IOException when the data is corrupt, truncated, or not exactly {@code rawLen} bytes long
     */
    public static void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        byte[] in = off == 0 ? src : Arrays.copyOfRange(src, off, off + len);
        byte[] out = dst.length == rawLen + 1 ? dst : new byte[rawLen + 1]; // spare byte detects overlong output
        IntByReference outLen = new IntByReference(rawLen + 1);
        int ret = lib().BZ2_bzBuffToBuffDecompress(out, outLen, in, len, 0, 0);
        if (ret != LibBz2.BZ_OK) {
            throw new IOException("bzip2: " + name(ret) + " in " + len + " input bytes");
        }
        if (outLen.getValue() != rawLen) {
            throw new IOException("bzip2: decoded " + outLen.getValue() + " bytes (expected: " + rawLen + ")");
        }
        if (out != dst) {
            System.arraycopy(out, 0, dst, 0, rawLen);
        }
    }

    private static String name(int ret) {
        return switch (ret) {
            case LibBz2.BZ_PARAM_ERROR -> "BZ_PARAM_ERROR";
            case LibBz2.BZ_MEM_ERROR -> "BZ_MEM_ERROR";
            case LibBz2.BZ_DATA_ERROR -> "BZ_DATA_ERROR (corrupt data)";
            case LibBz2.BZ_DATA_ERROR_MAGIC -> "BZ_DATA_ERROR_MAGIC (not bzip2 data)";
            case LibBz2.BZ_UNEXPECTED_EOF -> "BZ_UNEXPECTED_EOF (truncated input)";
            case LibBz2.BZ_OUTBUFF_FULL -> "BZ_OUTBUFF_FULL (more output than expected)";
            default -> "bz return " + ret;
        };
    }
}
