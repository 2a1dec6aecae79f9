package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.nativebridge.NativeBzip2;
import org.cloudlet.handoff.nativebridge.NativeLzma;

/**
 * Opens segment codecs. lzma and bzip2 use Debian's native libraries when they load (several times faster than
 * the pure-Java codecs, same format), else xz-java and commons-compress.
 */
public final class Codecs {
    private Codecs() {
    }

    /** Which implementation {@link #open} would pick for lzma and bzip2, for summaries and benchmarks. */
    public enum Implementation { NATIVE, JAVA }

    public static Codec open(CodecId id, int level) {
        return open(id, level, preferred(id));
    }

    public static Codec open(CodecId id, int level, Implementation implementation) {
        checkLevel(id, level);
        boolean nativeLib = implementation == Implementation.NATIVE;
        return switch (id) {
            case NONE -> new NoneCodec();
            case GZIP -> new GzipCodec(level);
            case BZIP2 -> nativeLib ? new NativeBzip2Codec(level) : new JavaBzip2Codec(level);
            case LZMA -> nativeLib ? new NativeLzmaCodec(level) : new JavaLzmaCodec(level);
            case ZSTD -> new ZstdCodec(level);
            case LZ4 -> new Lz4Codec();
        };
    }

    /** NATIVE for lzma/bzip2 when their library loaded; JAVA otherwise (and for codecs with one implementation). */
    public static Implementation preferred(CodecId id) {
        return switch (id) {
            case LZMA -> NativeLzma.isAvailable() ? Implementation.NATIVE : Implementation.JAVA;
            case BZIP2 -> NativeBzip2.isAvailable() ? Implementation.NATIVE : Implementation.JAVA;
            default -> Implementation.JAVA;
        };
    }

    private static void checkLevel(CodecId id, int level) {
        if (id.hasLevels() ? level < id.minLevel() || level > id.maxLevel() : level != 0) {
            throw new IllegalArgumentException(id.modeName() + " level: " + level + " (expected: "
                    + (id.hasLevels() ? id.minLevel() + "-" + id.maxLevel() : "none") + ")");
        }
    }
}
