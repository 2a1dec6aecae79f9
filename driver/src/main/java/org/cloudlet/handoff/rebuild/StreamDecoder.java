package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.compress.Codec;
import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.compress.Codecs;
import org.cloudlet.handoff.wire.EndFrame;
import org.cloudlet.handoff.wire.Frame;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.ItemReader;
import org.cloudlet.handoff.wire.SegmentFrame;
import org.cloudlet.handoff.wire.StreamHeader;
import org.cloudlet.handoff.wire.WireFormat;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** @param outputs where to write each space of the stream, by space name ({@code disk}, {@code memory}, …) */
    public StreamDecoder(Base base, Map<String, Path> outputs) {
        this(base, outputs, true);
    }

    private StreamDecoder(Base base, Map<String, Path> outputs, boolean copyBase) {
        this.base = base;
        this.outputs = new LinkedHashMap<>(outputs);
        this.copyBase = copyBase;
    }

    /**
     * A decoder whose outputs start empty (sparse) instead of as a copy of the base, so they hold only the chunks
     * the stream carries: for a destination that overlays them on the base itself, and for profiling.
     */
    public StreamDecoder overlayOnly() {
        return new StreamDecoder(base, outputs, false);
    }

    public DecodeResult decode(InputStream in) throws IOException {
        FrameReader frames = new FrameReader(in);
        frames.readPreamble();
        StreamHeader header = StreamHeader.decode(frames.readFrame("HEADER"));
        checkBase(header);
        OutputImage[] images = open(header);
        Map<CodecId, Map<Integer, Codec>> codecs = new EnumMap<>(CodecId.class);
        try {
            ChunkRebuilder rebuilder = new ChunkRebuilder(base, images);
            Map<ItemKind, Long> counts = new EnumMap<>(ItemKind.class);
            long items = 0;
            long rawBytes = 0;
            long rebuilt = 0;
            int sequence = 0;
            byte[] raw = new byte[0];
            while (true) {
                Frame frame = frames.readFrame("SEGMENT or END");
                if (frame.type() == WireFormat.FRAME_END) {
                    EndFrame end = EndFrame.decode(frame);
                    if (end.segmentCount() != sequence || end.itemCount() != items || end.rawBytes() != rawBytes) {
                        throw new WireFormatException(frame.offset(), "END frame counts " + end.segmentCount() + " segments, " + end.itemCount()
                                + " items, " + end.rawBytes() + " raw bytes, but the stream held " + sequence + ", " + items + ", " + rawBytes
                                + " (segments missing or added)");
                    }
                    if (!frames.atEnd()) {
                        throw new WireFormatException(frames.offset() - 1, "unexpected bytes after the END frame");
                    }
                    break;
                }
                if (frame.type() != WireFormat.FRAME_SEGMENT) {
                    throw new WireFormatException(frame.offset(), "expected a SEGMENT or END frame, found " + frame.name());
                }
                SegmentFrame seg = SegmentFrame.decode(frame);
                if (seg.sequence() != sequence) {
                    throw new WireFormatException(frame.offset(), "segment " + seg.sequence() + " where segment " + sequence
                            + " was expected (segments missing, repeated or reordered)");
                }
                if (raw.length < seg.rawLength()) {
                    raw = new byte[seg.rawLength()];
                }
                decompress(codecs, seg, raw, frame);
                ItemReader reader = new ItemReader(raw, seg.rawLength(), header.spaces(), sequence, frame.offset());
                int n = 0;
                while (reader.hasNext()) {
                    reader.next();
                    rebuilder.apply(reader, frame.offset());
                    counts.merge(reader.kind(), 1L, Long::sum);
                    rebuilt += reader.space().chunkLength(reader.index());
                    n++;
                }
                if (n != seg.itemCount()) {
                    throw new WireFormatException(frame.offset(), "segment " + sequence + " holds " + n + " items, its header says " + seg.itemCount());
                }
                items += n;
                rawBytes += seg.rawLength();
                sequence++;
            }
            for (OutputImage image : images) {
                image.commit();
            }
            return new DecodeResult(counts, sequence, frames.offset(), rebuilt);
        } finally {
            for (OutputImage image : images) {
                image.abort();
            }
            codecs.values().forEach(m -> m.values().forEach(Codec::close));
        }
    }

    private void checkBase(StreamHeader header) throws WireFormatException {
        byte[] have = base == null ? NO_BASE : base.id();
        if (!Arrays.equals(have, header.baseId())) {
            throw new WireFormatException(WireFormat.PREAMBLE_SIZE, "base mismatch: the stream was encoded against base "
                    + header.baseIdHex() + ", but the given base is " + ChunkHashes.hex(have)
                    + (base == null ? " (no base)" : " (" + base.spaces().size() + " space(s): " + base.spaces().get(0).file() + ")"));
        }
    }

    private OutputImage[] open(StreamHeader header) throws IOException {
        Map<String, Path> unused = new HashMap<>(outputs);
        for (Space s : header.spaces()) {
            if (!outputs.containsKey(s.name())) {
                throw new IOException("the stream holds " + s + " but no output was given for '" + s.name() + "'");
            }
            unused.remove(s.name());
        }
        if (!unused.isEmpty()) {
            throw new IOException("outputs given for " + unused.keySet() + " but the stream holds no such space (it holds "
                    + header.spaces().stream().map(Space::name).toList() + ")");
        }
        OutputImage[] images = new OutputImage[header.spaces().size()];
        try {
            for (Space s : header.spaces()) {
                images[s.id()] = new OutputImage(s, outputs.get(s.name()), base == null || !copyBase ? null : base.space(s.name()));
            }
        } catch (IOException | RuntimeException e) {
            for (OutputImage image : images) {
                if (image != null) {
                    image.abort();
                }
            }
            throw e;
        }
        return images;
    }

    private static void decompress(Map<CodecId, Map<Integer, Codec>> codecs, SegmentFrame seg, byte[] raw, Frame frame) throws WireFormatException {
        if (seg.codec() == CodecId.NONE) {
            if (seg.payloadLength() != seg.rawLength()) {
                throw new WireFormatException(frame.offset(), "segment " + seg.sequence() + ": uncompressed payload " + seg.payloadLength()
                        + " bytes, raw length says " + seg.rawLength());
            }
            System.arraycopy(seg.payload(), seg.payloadOffset(), raw, 0, seg.rawLength());
            return;
        }
        Codec codec = codecs.computeIfAbsent(seg.codec(), k -> new HashMap<>())
                .computeIfAbsent(seg.level(), l -> Codecs.open(seg.codec(), l));
        try {
            codec.decompress(seg.payload(), seg.payloadOffset(), seg.payloadLength(), raw, seg.rawLength());
        } catch (IOException e) {
            throw new WireFormatException(frame.offset(), "segment " + seg.sequence() + ": " + seg.codec().modeName() + " data does not decompress: " + e.getMessage(), e);
        }
    }
}
