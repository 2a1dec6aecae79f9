package org.cloudlet.handoff.wire;

import org.cloudlet.handoff.segment.Segment;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one handoff stream: preamble and header, segments in sequence order, then the END frame. */
public final class StreamWriter {
    private final FrameWriter frames;
    private int segments;
    private long items;
    private long rawBytes;

    public StreamWriter(OutputStream out) {
        this.frames = new FrameWriter(out);
    }

    public void writeHeader(StreamHeader header) throws IOException {
        frames.writePreamble();
        frames.writeFrame(WireFormat.FRAME_HEADER, header.encode());
    }

    public void writeSegment(Segment s) throws IOException {
        if (s.sequence() != segments) {
            throw new IllegalStateException("segment " + s.sequence() + " written out of order (expected: " + segments + ")");
        }
        SegmentFrame f = new SegmentFrame(s.sequence(), s.codec(), s.level(), s.itemCount(), s.rawLength(), s.digest(), s.payload(), 0, s.payloadLength());
        frames.writeFrame(WireFormat.FRAME_SEGMENT, f.encodeFields(), s.payload(), 0, s.payloadLength());
        segments++;
        items += s.itemCount();
        rawBytes += s.rawLength();
    }

    public void writeEnd() throws IOException {
        frames.writeFrame(WireFormat.FRAME_END, new EndFrame(segments, items, rawBytes).encode());
        frames.flush();
    }

    public void flush() throws IOException {
        frames.flush();
    }

    public long bytesWritten() {
        return frames.bytesWritten();
    }
}
