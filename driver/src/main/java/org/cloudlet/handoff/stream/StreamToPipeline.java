package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.pipeline.EncodePipeline;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.source.TrackedDiskSource;
import org.cloudlet.handoff.wire.StreamHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The source side of a live handoff: feeds a QEMU migration stream, as the reader takes it apart, into the
 * reduction pipeline. One memory space per RAMBlock (named after it, so the base memory's block of the same name
 * is the base at the same address); the stream's other bytes go in place as opaque runs. The pipeline, and the
 * handoff stream's header, start once the ram setup has named the blocks.
 */
public final class StreamToPipeline implements MigrationStreamHandler {
    /** Opaque runs are cut to this size so one never fills a segment by itself. */
    private static final int MAX_OPAQUE = 64 * 1024;

    private final PipelineConfig config;
    private final Base base;
    private final ModeSwitch mode;
    private final OutputStream out;
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private final byte[] zeros = new byte[ChunkFormat.CHUNK_SIZE];
    private List<Space> spaces;
    private EncodePipeline pipeline;


    private final boolean attached;
    /** The VM's tracked disk, sent alongside the stream; null for memory alone. */
    private final TrackedDiskSource disk;

    public StreamToPipeline(PipelineConfig config, Base base, ModeSwitch mode, OutputStream out) {
        this(config, base, mode, out, null);
    }

    public StreamToPipeline(PipelineConfig config, Base base, ModeSwitch mode, OutputStream out, TrackedDiskSource disk) {
        this.config = config;
        this.base = base;
        this.mode = mode;
        this.out = out;
        this.attached = false;
        this.disk = disk;
    }

    private StreamToPipeline(EncodePipeline pipeline, List<Space> blockSpaces) {
        this.config = null;
        this.base = null;
        this.mode = null;
        this.out = null;
        this.attached = true;
        this.disk = null;
        this.pipeline = pipeline;
        this.spaces = List.copyOf(blockSpaces);
    }

    /**
     * Feeds a stream into a pipeline that is already running (an offline encode of a disk and a memory stream);
     * {@code blockSpaces.get(i)} is the space of RAMBlock i. The caller finishes the pipeline.
     */
    public static StreamToPipeline into(EncodePipeline pipeline, List<Space> blockSpaces) {
        return new StreamToPipeline(pipeline, blockSpaces);
    }

    /** The running pipeline (counters, flush), or null before the ram setup arrived. */
    public EncodePipeline pipeline() {
        return pipeline;
    }

    @Override
    public void opaque(byte[] buf, int off, int len) {
        if (pipeline == null) {
            prefix.write(buf, off, len);
            return;
        }
        for (int at = off; at < off + len; at += MAX_OPAQUE) {
            submit(Chunk.opaque(Arrays.copyOfRange(buf, at, Math.min(off + len, at + MAX_OPAQUE))));
        }
    }

    @Override
    public void ramBlocks(List<RamBlock> blocks) throws IOException {
        if (attached) {
            if (blocks.size() != spaces.size()) {
                throw new UnsupportedStreamException(0, blocks.size() + " RAM blocks, " + spaces.size() + " expected");
            }
            return;
        }
        if (blocks.size() > Space.MAX_ID + 1) {
            throw new UnsupportedStreamException(0, blocks.size() + " RAM blocks (at most " + (Space.MAX_ID + 1) + ")");
        }
        List<Space> list = new ArrayList<>(blocks.size());
        for (RamBlock b : blocks) {
            list.add(new Space(b.index(), SpaceKind.MEMORY, b.idstr(), b.length()));
        }
        List<Space> all = new ArrayList<>(list);
        if (disk != null) {
            if (blocks.size() > Space.MAX_ID) {
                throw new UnsupportedStreamException(0, blocks.size() + " RAM blocks and a disk (at most " + (Space.MAX_ID + 1) + " spaces)");
            }
            all.add(disk.space(blocks.size()));
        }
        spaces = List.copyOf(list);
        byte[] baseId = base == null ? StreamDecoder.NO_BASE : base.id();
        pipeline = new EncodePipeline(config, base, new StreamHeader(ChunkFormat.CHUNK_SIZE, baseId, all), mode, out);
        if (disk != null) {
            disk.start(all.get(all.size() - 1), new TrackedDiskSource.Sink() {
                @Override
                public void submit(Chunk chunk) {
                    StreamToPipeline.this.submit(chunk);
                }

                @Override
                public void flush() {
                    flushPipeline();
                }
            });
        }
        byte[] head = prefix.toByteArray();
        opaque(head, 0, head.length);
    }

    @Override
    public void zeroPage(RamBlock block, long offset, int fill) {
        byte[] data = fill == 0 ? zeros : ChunkFormat.filled(fill);
        submit(new Chunk(spaces.get(block.index()), offset / ChunkFormat.CHUNK_SIZE, data));
    }

    @Override
    public void page(RamBlock block, long offset, byte[] buf, int off) {
        byte[] data = Arrays.copyOfRange(buf, off, off + ChunkFormat.CHUNK_SIZE);
        submit(new Chunk(spaces.get(block.index()), offset / ChunkFormat.CHUNK_SIZE, data));
    }

    /** The stream's thread and the disk's rounds share the pipeline's one entrance. */
    private synchronized void submit(Chunk chunk) {
        pipeline.submit(chunk);
    }

    private synchronized void flushPipeline() {
        pipeline.flush();
    }

    @Override
    public void idle() throws IOException {
        if (pipeline != null) {
            flushPipeline();
        }
        if (disk != null) {
            disk.check();
        }
    }

    /** The source VM has stopped: its disk's last changes go out before the device state that follows. */
    @Override
    public void completing() throws IOException {
        if (disk != null && pipeline != null) {
            try {
                disk.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted sending the disk's last changes");
            }
        }
    }

    @Override
    public void end() throws IOException {
        if (attached) {
            return;
        }
        if (pipeline == null) {
            throw new UnsupportedStreamException(prefix.size(), "the stream ended before its ram section");
        }
        if (disk != null) {
            disk.check(); // its last round ran in completing(); a failure before that fails the handoff
        }
        pipeline.finish();
    }
}
