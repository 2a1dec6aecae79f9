package org.cloudlet.handoff.profile;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.pipeline.EncodePipeline;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.wire.StreamHeader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a dirty set through the pipeline in one mode, then decodes the result, timing both. */
public final class ModeProfiler {
    private final Base base;
    private final DirtySet dirty;
    private final Path scratch;

    public ModeProfiler(Base base, DirtySet dirty, Path scratch) {
        this.base = base;
        this.dirty = dirty;
        this.scratch = scratch;
    }

    public ModeProfile run(Mode mode, int threads) throws IOException {
        StreamHeader header = new StreamHeader(ChunkFormat.CHUNK_SIZE, base.id(), dirty.spaces());
        ByteArrayOutputStream stream = new ByteArrayOutputStream(Math.toIntExact(Math.min(Integer.MAX_VALUE - 64, dirty.bytes() + (1 << 20))));
        long start = System.nanoTime();
        EncodePipeline p = new EncodePipeline(PipelineConfig.withThreads(threads), base, header, new ModeSwitch(mode), stream);
        try (p) {
            dirty.feed(p::submit);
            p.finish();
        }
        long encodeWall = System.nanoTime() - start;
        byte[] bytes = stream.toByteArray();

        Map<String, Path> outputs = new LinkedHashMap<>();
        dirty.spaces().forEach(s -> outputs.put(s.name(), scratch.resolve("decode-" + s.name())));
        long decodeStart = System.nanoTime();
        new StreamDecoder(base, outputs).overlayOnly().decode(new ByteArrayInputStream(bytes));
        long decodeWall = System.nanoTime() - decodeStart;
        for (Path out : outputs.values()) {
            Files.deleteIfExists(out);
        }
        return new ModeProfile(mode, threads, dirty.size(), dirty.bytes(), bytes.length, encodeWall, decodeWall, p.sample());
    }
}
