package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;

import java.io.IOException;

/**
 * Debian's liblzma through JNA: .xz streams with one LZMA2 filter and no integrity check (the handoff wire
 * format checks every chunk with SHA-256 and every frame with CRC32C). Readable by xz-java and {@code xz -d}.
 */
public final class NativeLzma {
    private static final NativeLoader.Loaded<LibLzma> LIB = loadIfLp64();

    private NativeLzma() {
    }

    private static NativeLoader.Loaded<LibLzma> loadIfLp64() {
        if (Native.POINTER_SIZE != 8 || Native.SIZE_T_SIZE != 8) {
            return new NativeLoader.Loaded<>(null, "binding assumes a 64-bit size_t");
        }
        return NativeLoader.load(LibLzma.class, "liblzma.so.5", "lzma");
    }

    public static boolean isAvailable() {
        return LIB.ok();
    }

    /** Why {@link #isAvailable()} is false, or null. */
    public static String unavailableReason() {
        return LIB.failure();
    }

    public static String version() {
        return lib().lzma_version_string();
    }

    static LibLzma lib() {
        if (!LIB.ok()) {
            throw new IllegalStateException("liblzma is not available: " + LIB.failure());
        }
        return LIB.library();
    }

    /** A reusable encoder for one preset: keeps its lzma_stream so liblzma reuses the match-finder memory. */
    public static NativeLzmaEncoder encoder(int preset) {
        return new NativeLzmaEncoder(lib(), preset);
    }

    /**
     * Decodes one .xz stream from {@code src[off..off+len)} into {@code dst[0..rawLen)}.
     *
     * @throws IOException when the data is not a complete .xz stream of exactly {@code rawLen} bytes
     */
    public static void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        LibLzma lzma = lib();
        try (Memory in = new Memory(Math.max(1, len)); Memory out = new Memory(rawLen + 1L)) {
            in.write(0, src, off, len);
            LongByReference memlimit = new LongByReference(-1L); // UINT64_MAX: no limit, sizes are bounded by the frame
            LongByReference inPos = new LongByReference(0);
            LongByReference outPos = new LongByReference(0);
            // One byte of spare room tells "exactly rawLen" from "more than rawLen".
            int ret = lzma.lzma_stream_buffer_decode(memlimit, 0, null, in, inPos, len, out, outPos, rawLen + 1L);
            if (ret != LibLzma.LZMA_OK) {
                throw new IOException("lzma: " + LzmaStatus.name(ret) + " at input byte " + inPos.getValue()
                        + " of " + len);
            }
            if (outPos.getValue() != rawLen || inPos.getValue() != len) {
                throw new IOException("lzma: stream decoded to " + outPos.getValue() + " bytes from "
                        + inPos.getValue() + " of " + len + " input bytes (expected: " + rawLen + " bytes)");
            }
            out.read(0, dst, 0, rawLen);
        }
    }

    /** Dictionary for a preset and an input size: no point reserving more window than the input. */
    public static int dictionarySize(int presetDict, int inputLength) {
        int fit = inputLength <= 4096 ? 4096 : Integer.highestOneBit(inputLength - 1) << 1;
        return Math.max(4096, Math.min(presetDict, fit));
    }
}
