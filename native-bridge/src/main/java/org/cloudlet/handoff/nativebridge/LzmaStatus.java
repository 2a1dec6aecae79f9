package org.cloudlet.handoff.nativebridge;

/** Names liblzma's return codes for error messages. */
final class LzmaStatus {
    private LzmaStatus() {
    }

    static String name(int ret) {
        return switch (ret) {
            case LibLzma.LZMA_OK -> "LZMA_OK";
            case LibLzma.LZMA_STREAM_END -> "LZMA_STREAM_END";
            case LibLzma.LZMA_MEM_ERROR -> "LZMA_MEM_ERROR";
            case LibLzma.LZMA_MEMLIMIT_ERROR -> "LZMA_MEMLIMIT_ERROR";
            case LibLzma.LZMA_FORMAT_ERROR -> "LZMA_FORMAT_ERROR (not .xz data)";
            case LibLzma.LZMA_OPTIONS_ERROR -> "LZMA_OPTIONS_ERROR";
            case LibLzma.LZMA_DATA_ERROR -> "LZMA_DATA_ERROR (corrupt data)";
            case LibLzma.LZMA_BUF_ERROR -> "LZMA_BUF_ERROR (truncated input or output too small)";
            default -> "lzma_ret " + ret;
        };
    }
}
