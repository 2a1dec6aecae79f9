package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.wire.EndFrame;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.StreamHeader;
import org.cloudlet.handoff.wire.WireFormat;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the spaces of a handoff stream against a base, bit-exact, into files. Every chunk is checked against
 * its SHA-256; segment order, counts and frame checksums are checked; outputs appear under their final names only
 * after the END frame has been read and verified.
 */
public final class StreamDecoder {
    /** The base id a stream carries when it was encoded without a base. */
    public static final byte[] NO_BASE = new byte[32];

    private final Base base;
    private final Map<String, Path> outputs;
    private final boolean copyBase;
    private boolean trailerAllowed;
    private HoldUps holdUps = new HoldUps();
    private final int threads;
    private final Map<String, ChunkSink.Factory> sinks;
    private final OpaqueSink opaque;

    /** @param outputs where to write each space of the stream, by space name ({@code disk}, {@code memory}, …) */
    public StreamDecoder(Base base, Map<String, Path> outputs) {
        this(base, outputs, true, Runtime.getRuntime().availableProcessors(), null, null);
    }

    private StreamDecoder(Base base, Map<String, Path> outputs, boolean copyBase, int threads,
                          Map<String, ChunkSink.Factory> sinks, OpaqueSink opaque) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        this.base = base;
        this.outputs = new LinkedHashMap<>(outputs);
        this.copyBase = copyBase;
        this.threads = threads;
        this.sinks = sinks;
        this.opaque = opaque;
    }

    /** A decoder that hands each space's chunks to a sink of its own instead of writing image files. */
    public static StreamDecoder toSinks(Base base, Map<String, ChunkSink.Factory> sinks) {
        return toSinks(base, sinks, null);
    }

    /** As {@link #toSinks(Base, Map)}, with the source stream's own bytes (OPAQUE items) going to {@code opaque}. */
    public static StreamDecoder toSinks(Base base, Map<String, ChunkSink.Factory> sinks, OpaqueSink opaque) {
        Map<String, Path> names = new LinkedHashMap<>();
        sinks.keySet().forEach(n -> names.put(n, Path.of(n)));
        return new StreamDecoder(base, names, false, Runtime.getRuntime().availableProcessors(), new LinkedHashMap<>(sinks), opaque);
    }

    /**
     * A decoder writing the named spaces to image files and every other space (a migration stream's RAM blocks)
     * to sinks from {@code others}, with the source stream's own bytes going to {@code opaque}.
     */
    public static StreamDecoder filesAndStream(Base base, Map<String, Path> files, ChunkSink.Factory others, OpaqueSink opaque) {
        return new StreamDecoder(base, files, true, Runtime.getRuntime().availableProcessors(), Map.of(ANY_SPACE, others), opaque);
    }

    /**
     * A decoder for a live stream whose spaces are known only from its header: every space gets a sink from
     * {@code factory}, and the source stream's own bytes go to {@code opaque}.
     */
    public static StreamDecoder toStream(Base base, ChunkSink.Factory factory, OpaqueSink opaque) {
        return new StreamDecoder(base, Map.of(), false, Runtime.getRuntime().availableProcessors(),
                Map.of(ANY_SPACE, factory), opaque);
    }

    private static final String ANY_SPACE = "\0any";

    /** The same decoder with {@code n} threads decompressing and verifying segments (default: the cores). */
    /** Leaves bytes after the END frame to the caller (a live session's trailer) instead of rejecting them. */
    public StreamDecoder trailerAllowed() {
        this.trailerAllowed = true;
        return this;
    }

    /**
     * Counts into {@code holdUps} the time the stream's reader waited for the decoders and the applier to take what
     * it read (its read-ahead full), and the time the applier waited for a segment's decoding: a live destination then
     * holds the link up itself, whatever the link's rate.
     */
    public StreamDecoder heldUp(HoldUps holdUps) {
        this.holdUps = holdUps;
        return this;
    }

    public StreamDecoder threads(int n) {
        return new StreamDecoder(base, outputs, copyBase, n, sinks, opaque);
    }

    /**
     * A decoder whose outputs start empty (sparse) instead of as a copy of the base, so they hold only the chunks
     * the stream carries: for a destination that overlays them on the base itself.
     */
    public StreamDecoder overlayOnly() {
        return new StreamDecoder(base, outputs, false, threads, sinks, opaque);
    }

    public DecodeResult decode(InputStream in) throws IOException {
        FrameReader frames = new FrameReader(in);
        frames.readPreamble();
        StreamHeader header = StreamHeader.decode(frames.readFrame("HEADER"));
        checkBase(header);
        ChunkSink[] images = open(header);
        int readAhead = 4 * threads + 8;
        BufferPool buffers = new BufferPool(2 * readAhead + 8); // two per segment in flight (raw and arena)
        List<SegmentDecoder> decoders = new CopyOnWriteArrayList<>();
        ThreadLocal<SegmentDecoder> decoder = ThreadLocal.withInitial(() -> {
            SegmentDecoder d = new SegmentDecoder(base, header.spaces(), buffers);
            decoders.add(d);
            return d;
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "handoff-decode");
            t.setDaemon(true);
            return t;
        });
        SegmentFeed feed = new SegmentFeed(frames, trailerAllowed, pool, readAhead, (seg, at) -> decoder.get().decode(seg, at), holdUps);
        try {
            feed.start();
            ItemApplier applier = new ItemApplier(images, opaque);
            SegmentFeed.End end = applyAll(feed, applier, buffers, holdUps);
            EndFrame counts = end.frame();
            if (counts.segmentCount() != end.segments() || counts.itemCount() != applier.items() || counts.rawBytes() != applier.rawBytes()) {
                throw new WireFormatException(end.frameOffset(), "END frame counts " + counts.segmentCount() + " segments, "
                        + counts.itemCount() + " items, " + counts.rawBytes() + " raw bytes, but the stream held " + end.segments() + ", "
                        + applier.items() + ", " + applier.rawBytes() + " (segments missing or added)");
            }
            for (ChunkSink image : images) {
                image.commit();
            }
            return new DecodeResult(applier.counts(), end.segments(), end.offset(), applier.rebuiltBytes());
        } finally {
            feed.close();
            pool.shutdownNow();
            for (ChunkSink image : images) {
                image.abort();
            }
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            decoders.forEach(SegmentDecoder::close);
        }
    }

    /**
     * Applies the feed's segments in wire order up to its END frame. Whenever it has applied all it was given, it
     * flushes the outputs before waiting: a live sender may be waiting for the receiver's output (QEMU's return
     * path) before it sends more.
     */
    private static SegmentFeed.End applyAll(SegmentFeed feed, ItemApplier applier, BufferPool buffers, HoldUps holdUps) throws IOException {
        while (true) {
            SegmentFeed.Entry next = feed.poll();
            if (next == null) {
                applier.flush();
                next = feed.take();
            }
            if (next instanceof SegmentFeed.End end) {
                return end;
            }
            if (next instanceof SegmentFeed.Failure failure) {
                throw rethrow(failure.cause());
            }
            apply((SegmentFeed.Segment) next, applier, buffers, holdUps);
        }
    }

    private static void apply(SegmentFeed.Segment seg, ItemApplier applier, BufferPool buffers, HoldUps holdUps) throws IOException {
        DecodedSegment s;
        try {
            if (seg.result().isDone()) {
                s = seg.result().get();
            } else {
                long start = System.nanoTime();
                s = seg.result().get();
                holdUps.decodingWaited(System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while decoding");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        applier.apply(s, seg.rawLength());
        buffers.give(s.raw);
        buffers.give(s.arena);
    }

    private static IOException rethrow(Throwable c) {
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IOException(c);
    }

    private void checkBase(StreamHeader header) throws WireFormatException {
        byte[] have = base == null ? NO_BASE : base.id();
        if (!Arrays.equals(have, header.baseId())) {
            throw new WireFormatException(WireFormat.PREAMBLE_SIZE, "base mismatch: the stream was encoded against base "
                    + header.baseIdHex() + ", but the given base is " + ChunkHashes.hex(have)
                    + (base == null ? " (no base)" : " (" + base.spaces().size() + " space(s): " + base.spaces().get(0).file() + ")"));
        }
    }

    /**
     * One sink per space of the header: a named sink, else an image file given for that name, else the sink for
     * any other space (a live or stream-file destination's RAM blocks); a space with none of these, or a file
     * given for a space the stream lacks, is an error.
     */
    private ChunkSink[] open(StreamHeader header) throws IOException {
        ChunkSink.Factory any = sinks == null ? null : sinks.get(ANY_SPACE);
        Map<String, Path> unused = new HashMap<>(outputs);
        for (Space s : header.spaces()) {
            boolean named = (sinks != null && sinks.containsKey(s.name())) || outputs.containsKey(s.name());
            if (!named && any == null) {
                throw new IOException("the stream holds " + s + " but no output was given for '" + s.name() + "'");
            }
            unused.remove(s.name());
        }
        if (!unused.isEmpty()) {
            throw new IOException("outputs given for " + unused.keySet() + " but the stream holds no such space (it holds "
                    + header.spaces().stream().map(Space::name).toList() + ")");
        }
        ChunkSink[] images = new ChunkSink[header.spaces().size()];
        try {
            for (Space s : header.spaces()) {
                BaseSpace same = base == null ? null : base.space(s.name());
                if (sinks != null && sinks.containsKey(s.name())) {
                    images[s.id()] = sinks.get(s.name()).open(s, same);
                } else if (outputs.containsKey(s.name())) {
                    images[s.id()] = new OutputImage(s, outputs.get(s.name()), copyBase ? same : null);
                } else {
                    images[s.id()] = any.open(s, same);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (ChunkSink image : images) {
                if (image != null) {
                    image.abort();
                }
            }
            throw e;
        }
        return images;
    }

}
