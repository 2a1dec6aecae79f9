package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.dedup.BaseLookup;
import org.cloudlet.handoff.dedup.SessionIndex;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.delta.DeltaCodec;
import org.cloudlet.handoff.delta.Deltas;
import org.cloudlet.handoff.wire.ItemReader;
import org.cloudlet.handoff.wire.WireFormatException;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns one item back into its chunk's bytes (from the base, from chunks rebuilt earlier, from a delta or raw),
 * checks them against the item's SHA-256, and writes them. Keeps the {@link SessionIndex} in step with the
 * encoder's by replaying items in wire order.
 */
final class ChunkRebuilder {
    private final Base base;
    private final BaseLookup lookup;
    private final OutputImage[] outputs;
    private final SessionIndex session = new SessionIndex();
    private final MessageDigest digest = ChunkHashes.newDigest();
    private final Map<DeltaAlgorithm, DeltaCodec> deltas = new EnumMap<>(DeltaAlgorithm.class);
    private final byte[] chunk = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] baseChunk = new byte[ChunkFormat.CHUNK_SIZE];
    private final byte[] hash = new byte[ChunkFormat.HASH_SIZE];
    private final byte[] zeros = new byte[ChunkFormat.CHUNK_SIZE];

    ChunkRebuilder(Base base, OutputImage[] outputs) {
        this.base = base;
        this.lookup = new BaseLookup(base);
        this.outputs = outputs;
    }

    void apply(ItemReader item, long streamOffset) throws IOException {
        Space space = item.space();
        long index = item.index();
        int len = space.chunkLength(index);
        ItemKind kind = item.kind();
        if (kind == ItemKind.ZERO) {
            outputs[space.id()].write(index, zeros, len);
            session.written(SessionIndex.address(space.id(), index), null, false);
            return;
        }
        byte[] buf = item.buffer();
        System.arraycopy(buf, item.hashOffset(), hash, 0, ChunkFormat.HASH_SIZE);
        switch (kind) {
            case BASE_DISK, BASE_MEMORY -> {
                SpaceKind where = kind == ItemKind.BASE_DISK ? SpaceKind.DISK : SpaceKind.MEMORY;
                BaseSpace.Location loc = lookup.find(where, hash);
                if (loc == null) {
                    throw new WireFormatException(streamOffset, item.describe() + ": references a " + kind.label() + " chunk with SHA-256 "
                            + ChunkHashes.shortHex(hash) + "… that the given base does not have");
                }
                checkLength(item, streamOffset, loc.space().read(loc.chunk(), chunk), len);
            }
            case SELF -> {
                long holder = session.find(hash);
                if (holder < 0) {
                    throw new WireFormatException(streamOffset, item.describe() + ": references an earlier chunk with SHA-256 "
                            + ChunkHashes.shortHex(hash) + "… that was never sent in this stream");
                }
                Space from = outputs[SessionIndex.spaceOf(holder)].space();
                long fromIndex = SessionIndex.indexOf(holder);
                checkLength(item, streamOffset, from.chunkLength(fromIndex), len);
                outputs[from.id()].read(fromIndex, chunk, len);
            }
            case DELTA -> {
                BaseSpace same = base == null ? null : base.space(space.name());
                if (same == null || index >= same.chunkCount()) {
                    throw new WireFormatException(streamOffset, item.describe() + ": delta against a base chunk the given base does not have");
                }
                int baseLen = same.read(index, baseChunk);
                DeltaCodec codec = deltas.computeIfAbsent(item.deltaAlgorithm(), Deltas::open);
                try {
                    codec.decode(baseChunk, baseLen, buf, item.payloadOffset(), item.payloadLength(), chunk, len);
                } catch (IOException e) {
                    throw new WireFormatException(streamOffset, item.describe() + ": bad " + item.deltaAlgorithm().modeName() + " delta: " + e.getMessage(), e);
                }
            }
            case RAW -> System.arraycopy(buf, item.payloadOffset(), chunk, 0, len);
            default -> throw new IllegalStateException("unhandled item kind " + kind);
        }
        digest.update(chunk, 0, len);
        byte[] actual = digest.digest();
        if (!Arrays.equals(actual, hash)) {
            throw new WireFormatException(streamOffset, item.describe() + ": rebuilt chunk has SHA-256 " + ChunkHashes.shortHex(actual)
                    + "…, expected " + ChunkHashes.shortHex(hash) + "… (wrong base or corrupt data)");
        }
        outputs[space.id()].write(index, chunk, len);
        session.written(SessionIndex.address(space.id(), index), hash, kind == ItemKind.RAW || kind == ItemKind.DELTA);
    }

    private static void checkLength(ItemReader item, long streamOffset, int actual, int expected) throws WireFormatException {
        if (actual != expected) {
            throw new WireFormatException(streamOffset, item.describe() + ": referenced chunk is " + actual + " bytes (expected: " + expected + ")");
        }
    }
}
