package org.cloudlet.handoff.adapt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pipeline did over one interval in the current mode: input chunks and bytes, output (stream) bytes, the
 * CPU µs per input chunk of each stage, the cores it could have used, and the link's bandwidth as measured from
 * the destination's acknowledgements ({@code linkBound}: the sender waited for the link, so the figure is the
 * link's rate and not just what we gave it).
 */
public record Measurement(double seconds, long chunksIn, long bytesIn, long bytesOut, Map<String, Double> stageMicros,
                          double cores, double bandwidthBytesPerSecond, boolean linkBound) {

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
        return new Measurement(seconds, chunksIn, bytesIn, bytesOut, stageMicros, cores, bytesPerSecond, bound);
    }

    public Measurement withCores(double available) {
        return new Measurement(seconds, chunksIn, bytesIn, bytesOut, stageMicros, available, bandwidthBytesPerSecond, linkBound);
    }

    public double bytesPerChunk() {
        return chunksIn == 0 ? 4096 : (double) bytesIn / chunksIn;
    }
}
