package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.dedup.SessionIndex;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.delta.DeltaCodec;
import org.cloudlet.handoff.delta.Deltas;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes decoded segments to the outputs strictly in wire order, resolving SELF references against what it has
 * written so far and keeping the {@link SessionIndex} in step with the encoder's.
 */
final class ItemApplier {
    private final ChunkSink[] outputs;
    private final SessionIndex session = new SessionIndex();
    private final MessageDigest digest = ChunkHashes.newDigest();
    private final byte[] chunk = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] zeros = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] before = new byte[ChunkFormat.CHUNK_SIZE];
    private final Map<DeltaAlgorithm, DeltaCodec> deltas = new EnumMap<>(DeltaAlgorithm.class);
    private final long[] counts = new long[ItemKind.values().length];
    private long items;
    private long rawBytes;
    private long rebuiltBytes;

    private final OpaqueSink opaque;

    ItemApplier(ChunkSink[] outputs, OpaqueSink opaque) {
        this.outputs = outputs;
        this.opaque = opaque;
    }

    void apply(DecodedSegment s, int rawLength) throws IOException {
        for (int i = 0; i < s.count; i++) {
            if (s.kinds[i] == ItemKind.OPAQUE) {
                if (opaque == null) {
                    throw new WireFormatException(s.frameOffset, "segment " + s.sequence + " carries " + s.indices[i]
                            + " bytes of a source stream (a QEMU migration stream); decode it to a migration stream");
                }
                opaque.opaque(s.raw, s.dataOffsets[i], (int) s.indices[i]);
                counts[ItemKind.OPAQUE.ordinal()]++;
                continue;
            }
            Space space = s.spaces[i];
            long index = s.indices[i];
            int len = space.chunkLength(index);
            ItemKind kind = s.kinds[i];
            ChunkSink out = outputs[space.id()];
            switch (kind) {
                case ZERO -> out.write(index, zeros, 0, len);
                case RAW -> out.write(index, s.raw, s.dataOffsets[i], len);
                case DELTA, BASE_DISK, BASE_MEMORY, BASE_SAME -> out.write(index, s.arena, s.dataOffsets[i], len);
                case SELF -> resolveSelf(s, i, len, out);
                case PREV -> resolvePrevious(s, i, len, out);
                default -> throw new IllegalStateException("unhandled item kind " + kind);
            }
            // Bytes that crossed hold their hash for later SELF items: RAW and DELTA hashes were computed by the
            // segment decoder, the other kinds carry theirs on the wire.
            boolean digested = kind.inSegmentDigest();
            session.written(SessionIndex.address(space.id(), index), digested ? s.hashes : s.raw,
                    digested ? i * ChunkFormat.HASH_SIZE : s.hashOffsets[i], kind.crossesAsData());
            counts[kind.ordinal()]++;
        }
        items += s.count;
        rawBytes += rawLength;
        rebuiltBytes += s.rebuiltBytes;
    }

    private void resolveSelf(DecodedSegment s, int i, int len, ChunkSink out) throws IOException {
        int hashAt = s.hashOffsets[i];
        long holder = session.find(s.raw, hashAt);
        if (holder < 0) {
            throw new WireFormatException(s.frameOffset, where(s, i) + ": references an earlier chunk with SHA-256 "
                    + ChunkHashes.hex(s.raw, hashAt, 6) + "… that was never sent in this stream");
        }
        ChunkSink from = outputs[SessionIndex.spaceOf(holder)];
        long fromIndex = SessionIndex.indexOf(holder);
        if (from.space().chunkLength(fromIndex) != len) {
            throw new WireFormatException(s.frameOffset, where(s, i) + ": referenced chunk is "
                    + from.space().chunkLength(fromIndex) + " bytes (expected: " + len + ")");
        }
        from.read(fromIndex, chunk, len);
        checkRebuilt(s, i, len, "");
        out.write(s.indices[i], chunk, 0, len);
    }

    private static String where(DecodedSegment s, int i) {
        return "segment " + s.sequence + ", " + s.kinds[i].label() + " item for " + s.spaces[i].name() + " chunk " + s.indices[i];
    }

    /** A PREV item: its delta applied to what its address holds now, checked against the item's SHA-256. */
    private void resolvePrevious(DecodedSegment s, int i, int len, ChunkSink out) throws IOException {
        long index = s.indices[i];
        out.read(index, before, len);
        DeltaCodec codec = deltas.computeIfAbsent(s.deltaAlgorithms[i], Deltas::open);
        try {
            codec.decode(before, len, s.raw, s.dataOffsets[i], s.deltaLengths[i], chunk, len);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(s.frameOffset, where(s, i) + ": bad " + s.deltaAlgorithms[i].modeName() + " delta: " + e.getMessage(), e);
        }
        checkRebuilt(s, i, len, " (its previous version there differs: corrupt or reordered data)");
        out.write(index, chunk, 0, len);
    }

    /** Checks {@code chunk[0..len)}, rebuilt for item {@code i}, against the SHA-256 the item carries. */
    private void checkRebuilt(DecodedSegment s, int i, int len, String why) throws WireFormatException {
        digest.update(chunk, 0, len);
        byte[] actual = digest.digest();
        int hashAt = s.hashOffsets[i];
        if (!Arrays.equals(actual, 0, ChunkFormat.HASH_SIZE, s.raw, hashAt, hashAt + ChunkFormat.HASH_SIZE)) {
            throw new WireFormatException(s.frameOffset, where(s, i) + ": rebuilt chunk has SHA-256 " + ChunkHashes.shortHex(actual)
                    + "…, expected " + ChunkHashes.hex(s.raw, hashAt, 6) + "…" + why);
        }
    }


    /** Everything received is applied: lets a sink that buffers (a live stream) push it out. */
    void flush() throws IOException {
        if (opaque != null) {
            opaque.flush();
        }
    }

    /** Items applied per kind, every kind present (zero when none), as the encoder reports them. */
    Map<ItemKind, Long> counts() {
        Map<ItemKind, Long> all = new EnumMap<>(ItemKind.class);
        for (ItemKind k : ItemKind.values()) {
            all.put(k, counts[k.ordinal()]);
        }
        return all;
    }

    long items() {
        return items;
    }

    long rawBytes() {
        return rawBytes;
    }

    long rebuiltBytes() {
        return rebuiltBytes;
    }
}
