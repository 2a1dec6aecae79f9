package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Library;
import com.sun.jna.ptr.IntByReference;

/** libbz2's one-shot buffer calls ({@code bzlib.h}); {@code unsigned int} lengths fit in int for our sizes. */
interface LibBz2 extends Library {
    int BZ_OK = 0;
    int BZ_PARAM_ERROR = -2;
    int BZ_MEM_ERROR = -3;
    int BZ_DATA_ERROR = -4;
    int BZ_DATA_ERROR_MAGIC = -5;
    int BZ_UNEXPECTED_EOF = -7;
    int BZ_OUTBUFF_FULL = -8;

    int BZ2_bzBuffToBuffCompress(byte[] dest, IntByReference destLen, byte[] source, int sourceLen,
                                 int blockSize100k, int verbosity, int workFactor);

    int BZ2_bzBuffToBuffDecompress(byte[] dest, IntByReference destLen, byte[] source, int sourceLen,
                                   int small, int verbosity);

    String BZ2_bzlibVersion();
}
