package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;

import java.util.Collection;

/**
 * The levels of a mode's compressor closest to it on either side among those read (null where none): a level the
 * probes never read takes its live figure from them ({@link ThroughputModel}).
 */
record NearestLevels(Mode below, Mode above) {

    /** Among {@code read}, the same compressor's nearest levels under and over {@code mode}'s. */
    static NearestLevels of(Mode mode, Collection<Mode> read) {
        Mode below = null;
        Mode above = null;
        for (Mode k : read) {
            if (k.codec() != mode.codec()) {
                continue;
            }
            if (k.level() < mode.level() && (below == null || k.level() > below.level())) {
                below = k;
            } else if (k.level() > mode.level() && (above == null || k.level() < above.level())) {
                above = k;
            }
        }
        return new NearestLevels(below, above);
    }
}
