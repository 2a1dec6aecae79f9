package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.SegmentSample;
import org.cloudlet.handoff.pipeline.SegmentStage;
import org.cloudlet.handoff.pipeline.StageCounters;
import org.cloudlet.handoff.segment.Segment;

import java.util.HashMap;
import java.util.Map;

/**
 * Compresses each segment with the compressor the mode switch picks when the segment arrives (the mode's, or for a
 * share of the segments its lighter fill's, whose work is booked apart as well); a segment that does not shrink goes
 * out uncompressed. Keeps one codec per (compressor, level) it has used.
 */
public final class CompressStage implements SegmentStage {
    private final ModeSwitch mode;
    private final Map<Integer, Codec> codecs = new HashMap<>();

    public CompressStage(ModeSwitch mode) {
        this.mode = mode;
    }

    @Override
    public void process(Segment segment) {
        SegmentTap.record(segment);
        ModeSwitch.Pick pick = mode.forSegment();
        if (pick.fill()) {
            segment.byFill(); // the writer counts its wire bytes apart
        }
        Mode m = pick.mode();
        SegmentSample sample = mode.sample();
        boolean sampled = sample.claim(segment.rawLength()); // as it arrives, however long it takes to compress
        if (m.codec() == CodecId.NONE) {
            if (sampled) {
                sample.keep(segment.raw(), segment.rawLength(), m, segment.rawLength());
            }
            if (pick.fill()) {
                mode.fillCounters().add(0, segment.rawLength(), segment.rawLength(), 1, 1);
            }
            segment.compressed(CodecId.NONE, 0, segment.raw());
            return;
        }
        int key = m.codec().wireId() << 8 | m.level();
        boolean firstUse = !codecs.containsKey(key);
        Codec codec = codecs.computeIfAbsent(key, k -> Codecs.open(m.codec(), m.level()));
        boolean timed = pick.fill() || sampled;
        long start = timed ? StageCounters.threadCpuNanos() : 0;
        byte[] packed = codec.compress(segment.raw(), 0, segment.rawLength());
        long took = timed ? StageCounters.threadCpuNanos() - start : 0;
        int out = Math.min(packed.length, segment.rawLength());
        if (pick.fill()) {
            mode.fillCounters().add(took, segment.rawLength(), out, 1, 1);
        }
        if (sampled) { // before the segment takes its payload: the raw bytes are still the worker's
            // a compressor's first segment also pays for its buffers and tables (lzma-3: +25-45 ms on a MiB): not its cost
            sample.keep(segment.raw(), segment.rawLength(), m, out, firstUse ? -1 : took);
        }
        if (packed.length < segment.rawLength()) {
            segment.compressed(m.codec(), m.level(), packed);
        } else {
            segment.compressed(CodecId.NONE, 0, segment.raw());
        }
    }

    @Override
    public void close() {
        codecs.values().forEach(Codec::close);
        codecs.clear();
    }
}
