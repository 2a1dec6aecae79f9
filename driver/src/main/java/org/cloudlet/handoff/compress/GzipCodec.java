package org.cloudlet.handoff.compress;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * gzip members (RFC 1952) through the JDK's zlib, with the deflater and inflater kept between segments.
 * Output is readable by {@code gzip -d}; input must be a single member without optional header fields.
 */
final class GzipCodec implements Codec {
    // RFC 1952 §2.3: ID1 ID2 CM=8(deflate) FLG=0 MTIME=0 XFL OS=255(unknown)
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER = 8; // CRC32, ISIZE, both little-endian

    private final int level;
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();

    GzipCodec(int level) {
        this.level = level;
        this.deflater = new Deflater(level, true);
    }

    @Override
    public CodecId id() {
        return CodecId.GZIP;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        // deflate's worst case is 5 bytes per 16 KiB stored block on top of the input.
        byte[] out = new byte[HEADER.length + len + len / 16_000 * 5 + 64 + TRAILER];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        deflater.reset();
        deflater.setInput(src, off, len);
        deflater.finish();
        int pos = HEADER.length;
        while (!deflater.finished()) {
            if (pos == out.length - TRAILER) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            pos += deflater.deflate(out, pos, out.length - TRAILER - pos);
        }
        crc.reset();
        crc.update(src, off, len);
        putIntLe(out, pos, (int) crc.getValue());
        putIntLe(out, pos + 4, len);
        return Arrays.copyOf(out, pos + TRAILER);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        if (len < HEADER.length + TRAILER) {
            throw new IOException("gzip: " + len + " bytes is shorter than a gzip member");
        }
        if (src[off] != HEADER[0] || src[off + 1] != HEADER[1] || src[off + 2] != HEADER[2]) {
            throw new IOException("gzip: bad magic/method 0x" + String.format("%02x%02x%02x",
                    src[off], src[off + 1], src[off + 2]) + " (expected: 0x1f8b08)");
        }
        if (src[off + 3] != 0) {
            throw new IOException("gzip: header flags 0x" + Integer.toHexString(src[off + 3] & 0xff)
                    + " (expected: 0, no optional fields)");
        }
        int bodyEnd = off + len - TRAILER;
        inflater.reset();
        inflater.setInput(src, off + HEADER.length, bodyEnd - off - HEADER.length);
        int n;
        try {
            n = 0;
            while (n < rawLen && !inflater.finished() && !inflater.needsInput()) {
                int got = inflater.inflate(dst, n, rawLen - n);
                if (got == 0 && inflater.needsDictionary()) {
                    throw new IOException("gzip: deflate stream asks for a preset dictionary");
                }
                n += got;
            }
            if (!inflater.finished() && n == rawLen) {
                byte[] probe = new byte[1];
                if (inflater.inflate(probe) > 0) {
                    throw new IOException("gzip: member decodes to more than " + rawLen + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("gzip: corrupt deflate data: " + e.getMessage(), e);
        }
        if (!inflater.finished()) {
            throw new IOException("gzip: deflate data ends early after " + n + " of " + rawLen + " bytes");
        }
        if (n != rawLen || inflater.getRemaining() != 0) {
            throw new IOException("gzip: decoded " + n + " bytes with " + inflater.getRemaining()
                    + " bytes left before the trailer (expected: " + rawLen + " bytes, none left)");
        }
        crc.reset();
        crc.update(dst, 0, rawLen);
        int wantCrc = getIntLe(src, bodyEnd);
        int wantSize = getIntLe(src, bodyEnd + 4);
        if (wantCrc != (int) crc.getValue() || wantSize != rawLen) {
            throw new IOException(String.format("gzip: trailer CRC32 %08x size %d (computed: %08x size %d)",
                    wantCrc, wantSize & 0xffffffffL, (int) crc.getValue(), rawLen));
        }
    }

    private static void putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static int getIntLe(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
