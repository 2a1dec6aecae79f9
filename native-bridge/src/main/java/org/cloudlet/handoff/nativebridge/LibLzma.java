package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The few liblzma 5.x calls we use (see {@code /usr/include/lzma/}). Sizes are {@code size_t}, mapped as
 * {@code long}: the binding is only used on LP64 platforms, which {@link NativeLzma#isAvailable()} checks.
 */
interface LibLzma extends Library {
    int LZMA_OK = 0;
    int LZMA_STREAM_END = 1;
    int LZMA_MEM_ERROR = 5;
    int LZMA_MEMLIMIT_ERROR = 6;
    int LZMA_FORMAT_ERROR = 7;
    int LZMA_OPTIONS_ERROR = 8;
    int LZMA_DATA_ERROR = 9;
    int LZMA_BUF_ERROR = 10;

    int LZMA_CHECK_NONE = 0;
    int LZMA_FINISH = 3;
    long LZMA_FILTER_LZMA2 = 0x21L;
    long LZMA_VLI_UNKNOWN = -1L; // UINT64_MAX terminates a filter chain

    /** Fills an lzma_options_lzma from a preset; returns non-zero (true) on error. */
    byte lzma_lzma_preset(Pointer options, int preset);

    int lzma_stream_encoder(Pointer strm, Pointer filters, int check);

    int lzma_code(Pointer strm, int action);

    void lzma_end(Pointer strm);

    long lzma_stream_buffer_bound(long uncompressedSize);

    int lzma_stream_buffer_decode(LongByReference memlimit, int flags, Pointer allocator,
                                  Pointer in, LongByReference inPos, long inSize,
                                  Pointer out, LongByReference outPos, long outSize);

    String lzma_version_string();
}
