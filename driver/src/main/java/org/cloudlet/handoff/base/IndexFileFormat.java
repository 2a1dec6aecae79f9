package org.cloudlet.handoff.base;

/**
 * Layout of a persisted chunk-hash index ({@code IMAGE.hidx} beside the image, big-endian):
 *
 * <pre>
 * +--------+---------+------------+-------------+-----------+-----------+-------------+----------+
 * | "HIDX" | version | chunk size | file length | file mtime| file inode| chunk count | hashes.. | CRC32C |
 * |   4    |    2    |     4      |      8      |  8 (ns)   |     8     |      8      |  32 * n  |   4    |
 * +--------+---------+------------+-------------+-----------+-----------+-------------+----------+
 * </pre>
 *
 * Length, mtime and inode identify the image version the index was built from: if any differs, the index is
 * stale and is rebuilt. The CRC32C covers everything before it.
 */
final class IndexFileFormat {
    static final int MAGIC = 0x48494458; // "HIDX"
    static final int VERSION = 1;

    static final int HEADER_SIZE = 4 // magic
            + 2 // version
            + 4 // chunk size
            + 8 // file length
            + 8 // file mtime, ns
            + 8 // file inode
            + 8; // chunk count
    static final int TRAILER_SIZE = 4; // CRC32C

    static final String SUFFIX = ".hidx";

    private IndexFileFormat() {
    }
}
