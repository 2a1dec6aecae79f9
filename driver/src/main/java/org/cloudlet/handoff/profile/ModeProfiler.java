package org.cloudlet.handoff.profile;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.pipeline.EncodePipeline;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.ChunkSink;
import org.cloudlet.handoff.rebuild.MemorySink;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.wire.StreamHeader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a dirty set through the pipeline in one mode, then decodes the result, timing both. */
public final class ModeProfiler {
    private final Base base;
    private final DirtySet dirty;

    private final Map<String, MemorySink> decoded = new java.util.HashMap<>();
    private final StreamBuffer stream = new StreamBuffer();

    public ModeProfiler(Base base, DirtySet dirty) {
        this.base = base;
        this.dirty = dirty;
    }

    public ModeProfile run(Mode mode, int threads) throws IOException {
        StreamHeader header = new StreamHeader(ChunkFormat.CHUNK_SIZE, base.id(), dirty.spaces());
        stream.reset();
        settle();
        long start = System.nanoTime();
        EncodePipeline p = new EncodePipeline(PipelineConfig.withThreads(threads), base, header, new ModeSwitch(mode), stream);
        try (p) {
            dirty.feed(p::submit);
            p.finish();
        }
        long encodeWall = System.nanoTime() - start;

        // Decoded from memory into memory at the same thread count, as the encoder ran: the figure is the
        // decoder's own speed, not the file system's page allocation. The sinks are kept between runs, so no run
        // pays for allocating (and the garbage collector for moving) the decoded chunks.
        Map<String, ChunkSink.Factory> sinks = new LinkedHashMap<>();
        dirty.spaces().forEach(s -> sinks.put(s.name(), (space, same) -> decoded.computeIfAbsent(space.name(), n -> new MemorySink(space))));
        settle();
        long decodeStart = System.nanoTime();
        StreamDecoder.toSinks(base, sinks).threads(threads).decode(stream.input());
        long decodeWall = System.nanoTime() - decodeStart;
        return new ModeProfile(mode, threads, dirty.size(), dirty.bytes(), stream.size(), encodeWall, decodeWall, p.sample());
    }

    /**
     * Collects garbage outside the timed sections: the profiler holds the whole dirty set, the stream and the
     * decoded chunks live, so a collection landing inside a run would cost it hundreds of milliseconds.
     */
    private static void settle() {
        System.gc();
    }

    /** The encoded stream, kept in one buffer reused by every run (a fresh 100 MB array per run feeds the GC). */
    private static final class StreamBuffer extends java.io.OutputStream {
        private byte[] buf = new byte[1 << 20];
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void reset() {
            size = 0;
        }

        int size() {
            return size;
        }

        ByteArrayInputStream input() {
            return new ByteArrayInputStream(buf, 0, size);
        }
    }
}
