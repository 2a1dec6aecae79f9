package org.cloudlet.handoff.source;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.disk.DirtyChunkMap;
import org.cloudlet.handoff.disk.DirtySets;
import org.cloudlet.handoff.disk.DirtyTail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;

/**
 * The disk side of a live handoff's source: the chunks a fuse-tracker overlay holds, in rounds. While the VM runs,
 * a thread sends everything changed since the base, then what changed since the previous round, at most one round
 * a second; once the VM has stopped, {@link #finish()} stops it and sends the last dirty set on the caller's
 * thread, so it is on the wire before whatever the caller sends next (the stream's device state). Chunk bytes are
 * read from the overlay's data file: every dirty chunk is held there, and the tracker writes it with plain pwrite.
 */
public final class TrackedDiskSource implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackedDiskSource.class.getName());
    private static final long ROUND_NANOS = 1_000_000_000L;

    /** Where the chunks go: the pipeline, serialised with the stream's own submissions. */
    public interface Sink {
        void submit(Chunk chunk) throws IOException;

        void flush() throws IOException;
    }

    private final Path overlay;
    private final long length;
    private final DirtyTail tail;
    private final FileChannel data;
    private Space space;
    private Sink sink;
    private Thread live;
    private volatile boolean stopping;
    /** The live thread waits here between rounds; never interrupted, so no round stops halfway. */
    private final Object pause = new Object();
    private volatile Exception failure;
    private long rounds;
    private long chunksSent;

    private TrackedDiskSource(Path overlay, long length, DirtyTail tail, FileChannel data) {
        this.overlay = overlay;
        this.length = length;
        this.tail = tail;
        this.data = data;
    }

    public static TrackedDiskSource open(Path overlayDir) throws IOException {
        long length = DirtySets.diskLength(overlayDir);
        return new TrackedDiskSource(overlayDir, length, new DirtyTail(overlayDir),
                FileChannel.open(overlayDir.resolve("overlay.data"), StandardOpenOption.READ));
    }

    /** The disk's space in a handoff stream with this id; named like the base's disk, so chunks diff against it. */
    public Space space(int id) {
        return new Space(id, SpaceKind.DISK, Base.DISK, length);
    }

    /** Starts the live rounds into {@code sink}. */
    public synchronized void start(Space space, Sink sink) {
        this.space = space;
        this.sink = sink;
        live = new Thread(this::liveRounds, "handoff-disk-rounds");
        live.setDaemon(true);
        live.start();
    }

    private void liveRounds() {
        try {
            while (!stopping) {
                long started = System.nanoTime();
                round();
                long left = ROUND_NANOS - (System.nanoTime() - started);
                synchronized (pause) {
                    if (left > 0 && !stopping) {
                        pause.wait(Math.max(1, left / 1_000_000));
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** A live round failed: the handoff must fail rather than leave the destination with a stale disk. */
    public void check() throws IOException {
        Exception f = failure;
        if (f != null) {
            throw new IOException("disk overlay " + overlay + ": " + f.getMessage(), f);
        }
    }

    private synchronized void round() throws IOException {
        if (stopping && Thread.currentThread() == live) {
            return; // finish() does the last round
        }
        DirtyChunkMap dirty = tail.next();
        IOException[] failed = {null};
        dirty.forEach(c -> {
            if (failed[0] == null) {
                try {
                    sink.submit(new Chunk(space, c, read(c)));
                } catch (IOException e) {
                    failed[0] = e;
                }
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        sink.flush();
        rounds++;
        chunksSent += dirty.count();
    }

    private byte[] read(long chunk) throws IOException {
        byte[] b = new byte[ChunkFormat.CHUNK_SIZE];
        ByteBuffer buf = ByteBuffer.wrap(b, 0, space.chunkLength(chunk));
        long at = chunk * ChunkFormat.CHUNK_SIZE;
        while (buf.hasRemaining()) {
            if (data.read(buf, at + buf.position()) < 0) {
                break; // past the data file's end: a discarded chunk's hole
            }
        }
        return b;
    }

    /** Stops the live rounds and sends the final dirty set on this thread; returns how many chunks it held. */
    public long finish() throws IOException, InterruptedException {
        stopping = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = live;
        }
        if (t != null) {
            t.join(); // lets a round in progress complete: its mark has already moved on
        }
        check();
        long before = chunksSent;
        round();
        long last = chunksSent - before;
        LOG.info("disk " + overlay + ": " + chunksSent + " chunks in " + rounds + " rounds, " + last + " in the last (VM stopped)");
        return last;
    }

    public long chunksSent() {
        return chunksSent;
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        data.close(); // a round still running fails on its next read; the session is failing anyway

    }
}
