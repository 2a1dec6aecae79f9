package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per compressor, a figure of each delta algorithm's output (its compressed size, or the compressor's CPU on it) as
 * the probes read it under that compressor. What a delta is worth depends on the compressor after it: on the Debian
 * guest's pages xor took 5-10 % off zstd's output and nothing off bzip2's or lzma's (static xor+zstd-7 sent 5 % less
 * than zstd-6 at 5 Mbit/s, xor+bzip2-5 as much as bzip2-5), and a relation read under the opening's zstd and applied
 * to every compressor made xor+bzip2 and xor+lzma the chosen modes of whole handoffs.
 */
public final class DeltaRelations {
    public static final DeltaRelations NONE = new DeltaRelations(Map.of());

    private final Map<CodecId, Map<DeltaAlgorithm, Double>> byCompressor;

    private DeltaRelations(Map<CodecId, Map<DeltaAlgorithm, Double>> byCompressor) {
        Map<CodecId, Map<DeltaAlgorithm, Double>> copy = new EnumMap<>(CodecId.class);
        byCompressor.forEach((c, m) -> {
            if (!m.isEmpty()) {
                copy.put(c, Map.copyOf(m));
            }
        });
        this.byCompressor = copy;
    }

    public static DeltaRelations of(Map<CodecId, Map<DeltaAlgorithm, Double>> byCompressor) {
        return new DeltaRelations(byCompressor);
    }

    /** Read under {@code compressor} alone. */
    public static DeltaRelations under(CodecId compressor, Map<DeltaAlgorithm, Double> figures) {
        return new DeltaRelations(Map.of(compressor, figures));
    }

    /**
     * {@code to}'s figure over {@code from}'s under {@code compressor}; null where either was not read under it (the
     * profile's relation stands then).
     */
    public Double share(CodecId compressor, DeltaAlgorithm to, DeltaAlgorithm from) {
        Map<DeltaAlgorithm, Double> m = byCompressor.get(compressor);
        if (m == null) {
            return null;
        }
        Double t = m.get(to);
        Double f = m.get(from);
        return t != null && f != null && t > 0 && f > 0 ? t / f : null;
    }

    public Map<CodecId, Map<DeltaAlgorithm, Double>> asMap() {
        return java.util.Collections.unmodifiableMap(byCompressor);
    }

    @Override
    public String toString() {
        return byCompressor.toString();
    }
}
