package org.cloudlet.handoff.testing;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.job.EncodeJob;
import org.cloudlet.handoff.job.EncodeSummary;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.DecodeResult;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.source.ChunkOrder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Encode and decode {@link TestImages} the way the CLI does, for tests. */
public final class Codec {
    private Codec() {
    }

    public static EncodeSummary encode(TestImages t, Mode mode, PipelineConfig config, ChunkOrder order, Path out) throws IOException {
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2)) {
            return new EncodeJob(t.disk, t.memory, mode, config, order).run(base, out);
        }
    }

    public static DecodeResult decode(TestImages t, Path in, Path diskOut, Path memoryOut) throws IOException {
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2); InputStream s = new BufferedInputStream(Files.newInputStream(in))) {
            return new StreamDecoder(base, Map.of(Base.DISK, diskOut, Base.MEMORY, memoryOut)).decode(s);
        }
    }

    /** Small segments, so that even small images give many segments to corrupt, reorder and compress in parallel. */
    public static PipelineConfig smallSegments(int threads) {
        return new PipelineConfig(threads, threads, threads, 4, 16, 64 * 1024);
    }
}
