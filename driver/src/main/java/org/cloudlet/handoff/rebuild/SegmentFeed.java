package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.wire.EndFrame;
import org.cloudlet.handoff.wire.Frame;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.SegmentFrame;
import org.cloudlet.handoff.wire.WireFormat;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream's frames on a thread of its own and starts each segment's decode, handing the segments on in
 * wire order through a bounded queue. The input goes on being read (and, live, acknowledged) while the in-order
 * applier waits on its outputs: when the applier read the socket itself, a second of applying (the zero pages at
 * the end of QEMU's first pass) was a second of closed TCP window and an idle link.
 */
final class SegmentFeed implements AutoCloseable {
    /** What the applier takes next: a segment being decoded, the END frame, or why reading stopped. */
    sealed interface Entry permits Segment, End, Failure {
    }

    record Segment(int rawLength, Future<DecodedSegment> result) implements Entry {
    }

    /** The END frame, where it starts, the number of segments before it, and the stream offset after it. */
    record End(EndFrame frame, long frameOffset, int segments, long offset) implements Entry {
    }

    record Failure(Exception cause) implements Entry {
    }

    private final FrameReader frames;
    private final boolean trailerAllowed;
    private final ExecutorService pool;
    private final Decode decode;
    private final BlockingQueue<Entry> queue;
    /** How often a reader held up by a full read-ahead adds to its count of it. */
    private static final long HELD_STEP_MILLIS = 10;
    private final Thread thread;
    private final HoldUps holdUps;
    private volatile boolean closed;

    /** Decodes one segment, on a pool thread; the frame's offset is for error messages. */
    @FunctionalInterface
    interface Decode {
        DecodedSegment decode(SegmentFrame seg, long frameOffset) throws IOException;
    }

    /**
     * @param capacity segments read ahead of the applier at most (each holds its compressed, decompressed and
     *                 rebuilt bytes until applied)
     */
    SegmentFeed(FrameReader frames, boolean trailerAllowed, ExecutorService pool, int capacity,
                Decode decode, HoldUps holdUps) {
        this.holdUps = holdUps;
        this.frames = frames;
        this.trailerAllowed = trailerAllowed;
        this.pool = pool;
        this.decode = decode;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "handoff-frame-reader");
        this.thread.setDaemon(true);
    }

    SegmentFeed start() {
        thread.start();
        return this;
    }

    /** The next entry without waiting, or null if the reader has not got that far. */
    Entry poll() {
        return queue.poll();
    }

    /** The next entry, waiting for the reader. */
    Entry take() throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the stream");
        }
    }

    private void run() {
        int sequence = 0;
        try {
            while (!closed) {
                Frame frame = frames.readFrame("SEGMENT or END");
                if (frame.type() == WireFormat.FRAME_END) {
                    EndFrame end = EndFrame.decode(frame);
                    if (!trailerAllowed && !frames.atEnd()) {
                        throw new WireFormatException(frames.offset() - 1, "unexpected bytes after the END frame");
                    }
                    queue.put(new End(end, frame.offset(), sequence, frames.offset()));
                    return;
                }
                if (frame.type() != WireFormat.FRAME_SEGMENT) {
                    throw new WireFormatException(frame.offset(), "expected a SEGMENT or END frame, found " + frame.name());
                }
                SegmentFrame seg = SegmentFrame.decode(frame);
                if (seg.sequence() != sequence) {
                    throw new WireFormatException(frame.offset(), "segment " + seg.sequence() + " where segment " + sequence
                            + " was expected (segments missing, repeated or reordered)");
                }
                long at = frame.offset();
                Segment next = new Segment(seg.rawLength(), pool.submit(() -> decode.decode(seg, at)));
                if (!queue.offer(next)) { // the read-ahead is full: counted as it goes, a long hold-up too
                    long start = System.nanoTime();
                    while (!queue.offer(next, HELD_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                        long now = System.nanoTime();
                        holdUps.readerWaited(now - start);
                        start = now;
                    }
                    holdUps.readerWaited(System.nanoTime() - start);
                }
                sequence++;
            }
        } catch (InterruptedException e) {
            // closed by the applier
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                try {
                    queue.put(new Failure(e));
                } catch (InterruptedException ignored) {
                    // closed by the applier
                }
            }
        }
    }

    /** Stops reading: after a failure, or once END has been taken. The input itself is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
    }
}
