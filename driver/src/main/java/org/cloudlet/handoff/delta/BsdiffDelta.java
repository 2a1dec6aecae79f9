package org.cloudlet.handoff.delta;

import io.sigpipe.jbsdiff.sort.SearchResult;
import io.sigpipe.jbsdiff.sort.SuffixSort;

import java.io.IOException;
import java.util.Arrays;

/**
 * Colin Percival's bsdiff matching (suffix-sorted base via jbsdiff's qsufsort, approximate matches extended
 * forwards and backwards) with the three bsdiff blocks interleaved. The difference block, mostly zeros, is
 * packed as {@link ZeroRuns} instead of bsdiff's per-block bzip2 streams: those cost far more time per 4 KiB
 * chunk, and the segment compressor that follows squeezes what remains.
 * <pre>
 * delta   := control*                                  until the target is covered
 * control := diffLen:varint  extraLen:varint  seek:zigzag-varint  ZeroRuns(diff)  extra[extraLen]
 *            out[n..n+diffLen) = base[o..o+diffLen) + diff   (bytewise, base outside its bounds reads as 0)
 *            out[..+extraLen)  = extra;  then o += diffLen + seek
 * </pre>
 */
final class BsdiffDelta implements DeltaCodec {
    private final DeltaBuffer out;
    private final byte[] diff;
    private int[] suffixes = new int[0];
    private int[] ranks = new int[0];

    BsdiffDelta(int maxChunk) {
        this.out = new DeltaBuffer(maxChunk);
        this.diff = new byte[maxChunk];
    }

    @Override
    public DeltaAlgorithm algorithm() {
        return DeltaAlgorithm.BSDIFF;
    }

    @Override
    public byte[] encode(byte[] base, int baseLen, byte[] target, int targetLen, int limit) {
        byte[] old = exact(base, baseLen);
        byte[] neu = exact(target, targetLen);
        int[] index = sort(old);
        out.reset(limit);
        int oldLen = old.length;
        int newLen = neu.length;
        int scan = 0;
        int len = 0;
        int position = 0;
        int lastScan = 0;
        int lastPos = 0;
        int lastOffset = 0;
        while (scan < newLen) {
            int oldScore = 0;
            for (int scsc = scan += len; scan < newLen; scan++) {
                SearchResult r = SuffixSort.search(index, old, 0, neu, scan, 0, oldLen);
                len = r.getLength();
                position = r.getPosition();
                for (; scsc < scan + len; scsc++) {
                    if (scsc + lastOffset < oldLen && old[scsc + lastOffset] == neu[scsc]) {
                        oldScore++;
                    }
                }
                if ((len == oldScore && len != 0) || len > oldScore + 8) {
                    break;
                }
                if (scan + lastOffset < oldLen && old[scan + lastOffset] == neu[scan]) {
                    oldScore--;
                }
            }
            if (len != oldScore || scan == newLen) {
                int lenf = forwardExtension(old, neu, lastScan, lastPos, scan);
                int lenb = scan < newLen ? backwardExtension(old, neu, lastScan, scan, position) : 0;
                if (lastScan + lenf > scan - lenb) {
                    int overlap = (lastScan + lenf) - (scan - lenb);
                    int s = 0;
                    int best = 0;
                    int lens = 0;
                    for (int i = 0; i < overlap; i++) {
                        if (neu[lastScan + lenf - overlap + i] == old[lastPos + lenf - overlap + i]) {
                            s++;
                        }
                        if (neu[scan - lenb + i] == old[position - lenb + i]) {
                            s--;
                        }
                        if (s > best) {
                            best = s;
                            lens = i + 1;
                        }
                    }
                    lenf += lens - overlap;
                    lenb -= lens;
                }
                int extraLen = (scan - lenb) - (lastScan + lenf);
                out.varint(lenf);
                out.varint(extraLen);
                out.signedVarint((position - lenb) - (lastPos + lenf));
                for (int i = 0; i < lenf; i++) {
                    diff[i] = (byte) (neu[lastScan + i] - old[lastPos + i]);
                }
                ZeroRuns.encode(out, diff, 0, lenf);
                if (!out.fits(extraLen)) {
                    return null;
                }
                System.arraycopy(neu, lastScan + lenf, out.array(), out.position(), extraLen);
                out.advance(extraLen);
                lastScan = scan - lenb;
                lastPos = position - lenb;
                lastOffset = position - scan;
            }
        }
        return out.result();
    }

    private static int forwardExtension(byte[] old, byte[] neu, int lastScan, int lastPos, int scan) {
        int s = 0;
        int best = 0;
        int lenf = 0;
        for (int i = 0; lastScan + i < scan && lastPos + i < old.length; ) {
            if (old[lastPos + i] == neu[lastScan + i]) {
                s++;
            }
            i++;
            if (s * 2 - i > best * 2 - lenf) {
                best = s;
                lenf = i;
            }
        }
        return lenf;
    }

    private static int backwardExtension(byte[] old, byte[] neu, int lastScan, int scan, int position) {
        int s = 0;
        int best = 0;
        int lenb = 0;
        for (int i = 1; scan >= lastScan + i && position >= i; i++) {
            if (old[position - i] == neu[scan - i]) {
                s++;
            }
            if (s * 2 - i > best * 2 - lenb) {
                best = s;
                lenb = i;
            }
        }
        return lenb;
    }

    private int[] sort(byte[] old) {
        if (suffixes.length < old.length + 1) {
            suffixes = new int[old.length + 1];
            ranks = new int[old.length + 1];
        }
        SuffixSort.qsufsort(suffixes, ranks, old);
        return suffixes;
    }

    private static byte[] exact(byte[] b, int len) {
        return b.length == len ? b : Arrays.copyOf(b, len);
    }

    @Override
    public void decode(byte[] base, int baseLen, byte[] delta, int deltaOff, int deltaLen, byte[] out, int targetLen)
            throws IOException {
        DeltaCursor in = new DeltaCursor("bsdiff", delta, deltaOff, deltaLen);
        int newPos = 0;
        long oldPos = 0;
        while (newPos < targetLen) {
            int diffLen = in.varint("diff length", targetLen - newPos);
            int extraLen = in.varint("extra length", targetLen - newPos - diffLen);
            int seek = in.signedVarint("seek", Math.max(baseLen, targetLen) + targetLen);
            ZeroRuns.decode(in, out, newPos, diffLen);
            for (int i = 0; i < diffLen; i++) {
                long o = oldPos + i;
                if (o >= 0 && o < baseLen) {
                    out[newPos + i] += base[(int) o];
                }
            }
            newPos += diffLen;
            int at = in.take(extraLen, "extra bytes");
            System.arraycopy(in.array(), at, out, newPos, extraLen);
            newPos += extraLen;
            oldPos += diffLen + (long) seek;
        }
        if (in.hasMore()) {
            throw in.malformed("bytes after the last control");
        }
    }
}
