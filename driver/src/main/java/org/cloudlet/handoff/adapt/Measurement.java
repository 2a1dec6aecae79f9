package org.cloudlet.handoff.adapt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pipeline did over one interval in the current mode: input chunks and bytes, output (stream) bytes, the
 * CPU µs per input chunk of each stage, the cores it could have used, the link's bandwidth as measured from
 * the destination's acknowledgements ({@code linkBound}: the sender waited for the link, so the figure is the
 * link's rate and not just what we gave it), and the destination's CPU µs per input chunk spent on this daemon's
 * cores ({@code peerMicros}: 0 unless both run on one host; {@code peerShare} of its CPUs are ours), which
 * {@code cores} does not count as ours; and the input bytes per second the destination's decoders took where they held
 * the stream up ({@code destinationBytesPerSecond}: 0 where they did not, the destination then no limit).
 */
public record Measurement(double seconds, long chunksIn, long bytesIn, long bytesOut, Map<String, Double> stageMicros,
                          double cores, double bandwidthBytesPerSecond, boolean linkBound, double peerMicros, double peerShare,
                          double destinationBytesPerSecond) {

    /** With no destination CPU on our cores. */
    public Measurement(double seconds, long chunksIn, long bytesIn, long bytesOut, Map<String, Double> stageMicros,
                       double cores, double bandwidthBytesPerSecond, boolean linkBound) {
        this(seconds, chunksIn, bytesIn, bytesOut, stageMicros, cores, bandwidthBytesPerSecond, linkBound, 0, 0);
    }

    /** With the destination's decoders holding nothing up. */
    public Measurement(double seconds, long chunksIn, long bytesIn, long bytesOut, Map<String, Double> stageMicros,
                       double cores, double bandwidthBytesPerSecond, boolean linkBound, double peerMicros, double peerShare) {
        this(seconds, chunksIn, bytesIn, bytesOut, stageMicros, cores, bandwidthBytesPerSecond, linkBound, peerMicros, peerShare, 0);
    }

    public Measurement {
        stageMicros = Collections.unmodifiableMap(new LinkedHashMap<>(stageMicros));
    }

    /** Output bytes per input byte in this interval. */
    public double ratio() {
        return bytesIn == 0 ? 1.0 : (double) bytesOut / bytesIn;
    }

    public double totalMicros() {
        return stageMicros.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public Measurement withBandwidth(double bytesPerSecond, boolean bound) {
        return new Measurement(seconds, chunksIn, bytesIn, bytesOut, stageMicros, cores, bytesPerSecond, bound, peerMicros, peerShare,
                destinationBytesPerSecond);
    }

    public Measurement withCores(double available) {
        return new Measurement(seconds, chunksIn, bytesIn, bytesOut, stageMicros, available, bandwidthBytesPerSecond, linkBound, peerMicros, peerShare,
                destinationBytesPerSecond);
    }

    /** With the destination's decoders taking {@code bytesPerSecond} of input as they held the stream up (0: they did not). */
    public Measurement withDestination(double bytesPerSecond) {
        return new Measurement(seconds, chunksIn, bytesIn, bytesOut, stageMicros, cores, bandwidthBytesPerSecond, linkBound, peerMicros, peerShare,
                bytesPerSecond);
    }

    /** The cores the destination took from ours over the interval: its CPU per chunk at the chunks that came in. */
    public double peerCores() {
        return seconds > 0 ? peerMicros * chunksIn / seconds / 1e6 : 0;
    }

    public double bytesPerChunk() {
        return chunksIn == 0 ? 4096 : (double) bytesIn / chunksIn;
    }
}
