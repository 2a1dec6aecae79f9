package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.compress.Codec;
import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.compress.Codecs;
import org.cloudlet.handoff.dedup.BaseLookup;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.delta.DeltaCodec;
import org.cloudlet.handoff.delta.Deltas;
import org.cloudlet.handoff.wire.ItemReader;
import org.cloudlet.handoff.wire.SegmentFrame;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decompresses one segment, walks its items and rebuilds and verifies every chunk that does not depend on earlier
 * segments (all kinds but SELF). Runs on a worker thread; one instance per thread.
 */
final class SegmentDecoder implements AutoCloseable {
    private final Base base;
    private final BaseLookup lookup;
    private final List<Space> spaces;
    private final Map<Integer, Codec> codecs = new HashMap<>();
    private final Map<DeltaAlgorithm, DeltaCodec> deltas = new EnumMap<>(DeltaAlgorithm.class);
    private final MessageDigest digest = ChunkHashes.newDigest();
    private final byte[] scratch = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] baseChunk = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] actual = new byte[ChunkFormat.HASH_SIZE];
    /** Over the SHA-256s of the segment's RAW and DELTA chunks, as the encoder's digest. */
    private final MessageDigest segmentDigest = ChunkHashes.newDigest();

    private final BufferPool buffers;

    SegmentDecoder(Base base, List<Space> spaces, BufferPool buffers) {
        this.base = base;
        this.buffers = buffers;
        this.lookup = new BaseLookup(base);
        this.spaces = spaces;
    }

    DecodedSegment decode(SegmentFrame seg, long frameOffset) throws IOException {
        byte[] raw = decompress(seg, frameOffset);
        DecodedSegment out = new DecodedSegment(seg.sequence(), frameOffset, raw, buffers.take(seg.rawLength()), seg.itemCount());
        ItemReader item = new ItemReader(raw, seg.rawLength(), spaces, seg.sequence(), frameOffset);
        segmentDigest.reset();
        while (item.hasNext()) {
            item.next();
            int i = out.add(item.kind(), item.space(), item.index(), item.hashOffset());
            rebuild(item, out, i, frameOffset);
        }
        if (out.count != seg.itemCount()) {
            throw new WireFormatException(frameOffset, "segment " + seg.sequence() + " holds " + out.count + " items, its header says " + seg.itemCount());
        }
        byte[] digest = segmentDigest.digest();
        if (!Arrays.equals(digest, seg.digest())) {
            throw new WireFormatException(frameOffset, "segment " + seg.sequence() + ": the SHA-256s of its raw and delta chunks as "
                    + "rebuilt do not match its digest (" + ChunkHashes.shortHex(digest) + "…, expected " + ChunkHashes.shortHex(seg.digest())
                    + "…): wrong base or corrupt data");
        }
        return out;
    }

    private void rebuild(ItemReader item, DecodedSegment out, int i, long at) throws IOException {
        if (item.kind() == ItemKind.OPAQUE) {
            out.dataOffsets[i] = item.payloadOffset();
            out.indices[i] = item.payloadLength();
            return;
        }
        int len = item.space().chunkLength(item.index());
        switch (item.kind()) {
            case ZERO, SELF -> {
                // ZERO needs nothing; SELF is resolved in wire order by the applier
            }
            case PREV -> { // rebuilt in wire order by the applier, from what the address holds by then
                out.dataOffsets[i] = item.payloadOffset();
                out.deltaLengths[i] = item.payloadLength();
                out.deltaAlgorithms[i] = item.deltaAlgorithm();
            }
            case RAW -> {
                out.dataOffsets[i] = item.payloadOffset();
                hashForDigest(out, i, out.raw, item.payloadOffset(), len);
            }
            case DELTA -> {
                BaseSpace same = base == null ? null : base.space(item.space().name());
                if (same == null || item.index() >= same.chunkCount()) {
                    throw new WireFormatException(at, item.describe() + ": delta against a base chunk the given base does not have");
                }
                int baseLen = same.read(item.index(), baseChunk);
                try {
                    deltas.computeIfAbsent(item.deltaAlgorithm(), Deltas::open)
                            .decode(baseChunk, baseLen, item.buffer(), item.payloadOffset(), item.payloadLength(), scratch, len);
                } catch (IOException | RuntimeException e) {
                    throw new WireFormatException(at, item.describe() + ": bad " + item.deltaAlgorithm().modeName() + " delta: " + e.getMessage(), e);
                }
                hashForDigest(out, i, scratch, 0, len);
                int pos = out.reserveArena(len);
                System.arraycopy(scratch, 0, out.arena, pos, len);
                out.dataOffsets[i] = pos;
            }
            case BASE_SAME -> {
                BaseSpace same = base == null ? null : base.space(item.space().name());
                if (same == null || item.index() >= same.chunkCount()) {
                    throw new WireFormatException(at, item.describe() + ": refers to the base chunk at its address, which the given base does not have");
                }
                int got = same.read(item.index(), scratch);
                if (got != len) {
                    throw new WireFormatException(at, item.describe() + ": base chunk is " + got + " bytes (expected: " + len + ")");
                }
                if (!same.index().hashEquals(item.index(), sha256(scratch, 0, len))) {
                    throw new WireFormatException(at, item.describe() + ": the base's bytes there no longer match its index (the base changed?)");
                }
                int pos = out.reserveArena(len);
                System.arraycopy(scratch, 0, out.arena, pos, len);
                out.dataOffsets[i] = pos;
            }
            case BASE_DISK, BASE_MEMORY -> {
                byte[] hash = Arrays.copyOfRange(item.buffer(), item.hashOffset(), item.hashOffset() + ChunkFormat.HASH_SIZE);
                BaseSpace.Location loc = lookup.find(item.kind() == ItemKind.BASE_DISK ? SpaceKind.DISK : SpaceKind.MEMORY, hash);
                if (loc == null) {
                    throw new WireFormatException(at, item.describe() + ": references a " + item.kind().label() + " chunk with SHA-256 "
                            + ChunkHashes.shortHex(hash) + "… that the given base does not have");
                }
                int got = loc.space().read(loc.chunk(), scratch);
                if (got != len) {
                    throw new WireFormatException(at, item.describe() + ": referenced chunk is " + got + " bytes (expected: " + len + ")");
                }
                verify(item, scratch, 0, len, at);
                // The verified bytes go to the arena: the serial applier then copies instead of reading the base again.
                int pos = out.reserveArena(len);
                System.arraycopy(scratch, 0, out.arena, pos, len);
                out.dataOffsets[i] = pos;
            }
            default -> throw new IllegalStateException("unhandled item kind " + item.kind());
        }
    }

    /** A RAW or DELTA chunk's SHA-256: kept for the session index, and into the segment's digest. */
    private void hashForDigest(DecodedSegment out, int i, byte[] data, int off, int len) {
        sha256(data, off, len);
        System.arraycopy(actual, 0, out.hashes, i * ChunkFormat.HASH_SIZE, ChunkFormat.HASH_SIZE);
        segmentDigest.update(actual, 0, ChunkFormat.HASH_SIZE);
    }

    /** SHA-256 of {@code data[off..off+len)}, into the reused {@code actual}. */
    private byte[] sha256(byte[] data, int off, int len) {
        digest.update(data, off, len);
        try {
            digest.digest(actual, 0, ChunkFormat.HASH_SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return actual;
    }

    private void verify(ItemReader item, byte[] data, int off, int len, long at) throws WireFormatException {
        sha256(data, off, len);
        if (!Arrays.equals(actual, 0, ChunkFormat.HASH_SIZE, item.buffer(), item.hashOffset(), item.hashOffset() + ChunkFormat.HASH_SIZE)) {
            throw new WireFormatException(at, item.describe() + ": rebuilt chunk has SHA-256 " + ChunkHashes.shortHex(actual)
                    + "…, expected " + ChunkHashes.hex(item.buffer(), item.hashOffset(), 6) + "… (wrong base or corrupt data)");
        }
    }

    private byte[] decompress(SegmentFrame seg, long at) throws WireFormatException {
        byte[] raw = buffers.take(seg.rawLength());
        if (seg.codec() == CodecId.NONE) {
            if (seg.payloadLength() != seg.rawLength()) {
                throw new WireFormatException(at, "segment " + seg.sequence() + ": uncompressed payload " + seg.payloadLength()
                        + " bytes, raw length says " + seg.rawLength());
            }
            System.arraycopy(seg.payload(), seg.payloadOffset(), raw, 0, seg.rawLength());
            return raw;
        }
        Codec codec = codecs.computeIfAbsent(seg.codec().wireId() << 8 | seg.level(), k -> Codecs.open(seg.codec(), seg.level()));
        try {
            codec.decompress(seg.payload(), seg.payloadOffset(), seg.payloadLength(), raw, seg.rawLength());
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(at, "segment " + seg.sequence() + ": " + seg.codec().modeName() + " data does not decompress: " + e.getMessage(), e);
        }
        return raw;
    }

    @Override
    public void close() {
        codecs.values().forEach(Codec::close);
    }
}
