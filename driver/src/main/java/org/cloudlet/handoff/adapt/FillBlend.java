package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;

/**
 * A mode whose compressor cannot keep up with the link, run together with a lighter fill compressor on a share of
 * the segments: the throughput of that blend, the best of the two-resource problem (CPU and link) when both run full.
 * With {@code a}, {@code b} the CPU seconds per input byte of the heavy and the light compressor's pipelines, and
 * {@code R_H < R_L} their output ratios, a share {@code f} of the input through the light one takes in
 * {@code I = min(1 / ((1-f) a + f b), B / ((1-f) R_H + f R_L))}; the first grows with {@code f}, the second falls,
 * and where they meet both resources are used up. Neither compressor alone gets there: the heavy one leaves the link
 * idle, the light one puts more bytes on it for the same input (seen on the 35 Mbit/s stretch of the change set: bzip2
 * CPU-bound at 82 % of the link took in 18 MB/s, zstd-9 with the link full 15-16).
 *
 * @param fill  the light compressor and level (a mode with the heavy one's delta)
 * @param share the share of the input it takes, at most {@link #MAX_SHARE}
 * @param bytesPerSecond the blend's input throughput
 */
public record FillBlend(Mode fill, double share, double bytesPerSecond) {
    /**
     * Most of the input stays with the mode: its own cost and ratio are measured on its segments, and a blend that
     * needs more than this of the light compressor is one where a lighter mode should run instead.
     */
    static final double MAX_SHARE = 0.5;
    /**
     * A fill processes at least this many times the mode's input per second, by the forecasts: levels of one
     * compressor forecast apart run alike (seen: xor+bzip2-7 set beside xor+bzip2-9 at a rise of the link, half the
     * segments given to it and the link still 40 % idle for 5 s, until zstd-6 took its place and filled it).
     */
    static final double LIGHTER = 3;

    /**
     * The blend of {@code heavy} with {@code light} (its processing and link-bound rates taken {@code 1 + headroom}
     * and 1 times their forecasts), or null when there is nothing to gain: the heavy mode keeps up with the link, or
     * the light one is not {@link #LIGHTER}, or puts no more bytes per input byte on the link.
     */
    static FillBlend of(Prediction heavy, Prediction light, double headroom) {
        double pH = heavy.processingBytesPerSecond() / (1 + headroom);
        double pL = light.processingBytesPerSecond() / (1 + headroom);
        double rH = heavy.ratio();
        double rL = light.ratio();
        double link = heavy.networkBytesPerSecond() * rH; // bandwidth, bytes per second
        if (pH >= heavy.networkBytesPerSecond() || pL < LIGHTER * pH || rL <= rH || !(link > 0) || Double.isInfinite(pL)) {
            return null;
        }
        double share = Math.min(MAX_SHARE, (link / pH - rH) / (rL - rH + link * (1 / pH - 1 / pL)));
        return at(heavy, light, share, headroom);
    }

    /** The blend of {@code heavy} with {@code light} at a given {@code share} of the input through {@code light}. */
    static FillBlend at(Prediction heavy, Prediction light, double share, double headroom) {
        double a = (1 + headroom) / heavy.processingBytesPerSecond();
        double b = (1 + headroom) / light.processingBytesPerSecond();
        double link = heavy.networkBytesPerSecond() * heavy.ratio();
        double cpu = 1 / ((1 - share) * a + share * b);
        double net = link / ((1 - share) * heavy.ratio() + share * light.ratio());
        return new FillBlend(light.mode(), share, Math.min(cpu, net));
    }
}
