package org.cloudlet.handoff.job;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.pipeline.EncodePipeline;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.source.ImageSource;
import org.cloudlet.handoff.wire.StreamHeader;

import org.cloudlet.handoff.stream.MigrationStreamReader;
import org.cloudlet.handoff.stream.RamBlock;
import org.cloudlet.handoff.stream.RamImages;
import org.cloudlet.handoff.stream.MigrationStreamHandler;
import org.cloudlet.handoff.stream.PageShuffler;
import org.cloudlet.handoff.stream.StreamToPipeline;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline encode: a disk image (and optionally a flat memory image) against a base, into a stream file that
 * appears under its name only when complete.
 */
public final class EncodeJob {
    /** Chunks read per window: 1 MiB, and the span within which a shuffled order mixes chunks. */
    public static final int WINDOW_CHUNKS = 256;

    private final Path disk;
    private final Path memory;
    private final Mode mode;
    private final PipelineConfig config;
    private final ChunkOrder order;

    public EncodeJob(Path disk, Path memory, Mode mode, PipelineConfig config, ChunkOrder order) {
        this.disk = disk;
        this.memory = memory;
        this.mode = mode;
        this.config = config;
        this.order = order;
    }

    public EncodeSummary run(Base base, Path out) throws IOException {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            EncodeSummary s = run(base, os);
            os.flush();
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return s;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public EncodeSummary run(Base base, OutputStream out) throws IOException {
        long start = System.nanoTime();
        List<Space> spaces = new ArrayList<>();
        List<ImageSource> sources = new ArrayList<>();
        add(spaces, sources, disk, SpaceKind.DISK, Base.DISK);
        boolean stream = memory != null && RamImages.isMigrationStream(memory);
        List<Space> blockSpaces = new ArrayList<>();
        if (stream) {
            // A QEMU migration stream: one space per RAMBlock, pages in stream order (or shuffled within 1 MiB
            // windows that never cross the rest of the stream), the rest as opaque runs.
            for (RamBlock b : RamImages.blocksOf(memory)) {
                Space s = new Space(spaces.size(), SpaceKind.MEMORY, b.idstr(), b.length());
                spaces.add(s);
                blockSpaces.add(s);
            }
        } else if (memory != null) {
            add(spaces, sources, memory, SpaceKind.MEMORY, Base.MEMORY);
        }
        StreamHeader header = new StreamHeader(ChunkFormat.CHUNK_SIZE, base.id(), spaces);
        long wire;
        List<org.cloudlet.handoff.pipeline.StageCounters.Sample> samples;
        org.cloudlet.handoff.segment.ItemTally tally;
        try (EncodePipeline pipeline = new EncodePipeline(config, base, header, new ModeSwitch(mode), out)) {
            for (ImageSource s : sources) {
                s.feed(pipeline::submit);
            }
            if (stream) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(memory), 1 << 16)) {
                    MigrationStreamHandler into = StreamToPipeline.into(pipeline, blockSpaces);
                    new MigrationStreamReader(in, order.isShuffled() ? new PageShuffler(into, order, WINDOW_CHUNKS) : into).run();
                }
            }
            wire = pipeline.finish();
            samples = pipeline.sample();
            tally = pipeline.tally();
        }
        long input = spaces.stream().mapToLong(Space::length).sum();
        return new EncodeSummary(mode, input, tally.modifiedBytes(), wire, tally.counts(), System.nanoTime() - start, samples);
    }

    private void add(List<Space> spaces, List<ImageSource> sources, Path file, SpaceKind kind, String name) throws IOException {
        Space space = new Space(spaces.size(), kind, name, ImageSource.lengthOf(file));
        spaces.add(space);
        sources.add(new ImageSource(file, space, WINDOW_CHUNKS, order));
    }
}
