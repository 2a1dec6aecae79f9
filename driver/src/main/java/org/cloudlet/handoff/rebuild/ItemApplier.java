package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.dedup.SessionIndex;
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
    private final OutputImage[] outputs;
    private final SessionIndex session = new SessionIndex();
    private final MessageDigest digest = ChunkHashes.newDigest();
    private final byte[] chunk = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] zeros = new byte[ChunkFormat.CHUNK_SIZE];
    private final Map<ItemKind, Long> counts = new EnumMap<>(ItemKind.class);
    private long items;
    private long rawBytes;
    private long rebuiltBytes;

    ItemApplier(OutputImage[] outputs) {
        this.outputs = outputs;
    }

    void apply(DecodedSegment s, int rawLength) throws IOException {
        for (int i = 0; i < s.count; i++) {
            Space space = s.spaces[i];
            long index = s.indices[i];
            int len = space.chunkLength(index);
            ItemKind kind = s.kinds[i];
            OutputImage out = outputs[space.id()];
            byte[] hash = kind == ItemKind.ZERO ? null : Arrays.copyOfRange(s.raw, s.hashOffsets[i], s.hashOffsets[i] + ChunkFormat.HASH_SIZE);
            switch (kind) {
                case ZERO -> out.write(index, zeros, len);
                case RAW -> out.write(index, s.raw, s.dataOffsets[i], len);
                case DELTA -> out.write(index, s.arena, s.dataOffsets[i], len);
                case BASE_DISK, BASE_MEMORY -> {
                    s.baseSpaces[i].read(s.baseChunks[i], chunk);
                    out.write(index, chunk, 0, len);
                }
                case SELF -> resolveSelf(s, i, hash, len, out);
                default -> throw new IllegalStateException("unhandled item kind " + kind);
            }
            session.written(SessionIndex.address(space.id(), index), hash, kind == ItemKind.RAW || kind == ItemKind.DELTA);
            counts.merge(kind, 1L, Long::sum);
        }
        items += s.count;
        rawBytes += rawLength;
        rebuiltBytes += s.rebuiltBytes;
    }

    private void resolveSelf(DecodedSegment s, int i, byte[] hash, int len, OutputImage out) throws IOException {
        String where = "segment " + s.sequence + ", self item for " + s.spaces[i].name() + " chunk " + s.indices[i];
        long holder = session.find(hash);
        if (holder < 0) {
            throw new WireFormatException(s.frameOffset, where + ": references an earlier chunk with SHA-256 "
                    + ChunkHashes.shortHex(hash) + "… that was never sent in this stream");
        }
        OutputImage from = outputs[SessionIndex.spaceOf(holder)];
        long fromIndex = SessionIndex.indexOf(holder);
        if (from.space().chunkLength(fromIndex) != len) {
            throw new WireFormatException(s.frameOffset, where + ": referenced chunk is " + from.space().chunkLength(fromIndex) + " bytes (expected: " + len + ")");
        }
        from.read(fromIndex, chunk, len);
        digest.update(chunk, 0, len);
        byte[] actual = digest.digest();
        if (!Arrays.equals(actual, hash)) {
            throw new WireFormatException(s.frameOffset, where + ": rebuilt chunk has SHA-256 " + ChunkHashes.shortHex(actual)
                    + "…, expected " + ChunkHashes.shortHex(hash) + "…");
        }
        out.write(s.indices[i], chunk, 0, len);
    }

    /** Items applied per kind, every kind present (zero when none), as the encoder reports them. */
    Map<ItemKind, Long> counts() {
        Map<ItemKind, Long> all = new EnumMap<>(ItemKind.class);
        for (ItemKind k : ItemKind.values()) {
            all.put(k, counts.getOrDefault(k, 0L));
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
