package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.delta.DeltaStage;
import org.cloudlet.handoff.delta.DeltaCodec;
import org.cloudlet.handoff.delta.Deltas;
import org.cloudlet.handoff.pipeline.ChunkStage;
import org.cloudlet.handoff.pipeline.ModifiedChunks;

import java.util.BitSet;

/**
 * Replaces a chunk whose bytes already crossed in this session with a SELF reference, so a chunk's bytes cross
 * at most once, and settles every other undecided chunk as RAW. Single-threaded: the order it sees is the
 * order on the wire, which the decoder replays to keep the same {@link SessionIndex}.
 */
public final class SelfDedupStage implements ChunkStage {
    private final SessionIndex session;
    private BitSet[] touched = new BitSet[4]; // per space: addresses written in this session

    private final ModifiedChunks modified;

    private final PreviousVersions previous;
    /** Where {@link #againstPrevious} reads an address's previous version (this stage is serial). */
    private final byte[] before = new byte[ChunkFormat.CHUNK_SIZE];
    private final DeltaCodec xor = Deltas.open(DeltaAlgorithm.XOR);

    public SelfDedupStage(SessionIndex session, ModifiedChunks modified) {
        this(session, modified, 0);
    }

    /**
     * @param previousChunks how many chunks sent as data to keep, so a chunk sent again at the same address can go
     *                       as a delta against its previous version (0: none; a flat image sends each address once)
     */
    public SelfDedupStage(SessionIndex session, ModifiedChunks modified, int previousChunks) {
        this.session = session;
        this.modified = modified;
        this.previous = new PreviousVersions(previousChunks);
    }

    @Override
    public boolean seesUnchanged() {
        return true;
    }

    @Override
    public boolean seesSettled() {
        return true; // every item overwrites its address, so every item updates the session index
    }

    @Override
    public void process(Chunk chunk) {
        BitSet written = touched(chunk.space().id());
        int index = Math.toIntExact(chunk.index());
        modified.update(chunk.space().id(), index, !chunk.unchanged() && chunk.kind() != ItemKind.ZERO);
        if (chunk.unchanged()) {
            if (!written.get(index) && receiverHoldsBase(chunk)) {
                return; // the destination's copy of the base already holds these bytes
            }
            // Back to the base's bytes after an earlier version crossed (a page written twice in a live handoff).
            chunk.resendAsBaseReference();
        }
        written.set(index);
        if (chunk.needsPayload()) {
            if (session.find(chunk.hash()) >= 0) {
                chunk.clearDelta();
                chunk.kind(ItemKind.SELF);
            } else if (chunk.kind() == null) {
                chunk.kind(ItemKind.RAW);
            }
        }
        long address = SessionIndex.address(chunk.space().id(), chunk.index());
        if (chunk.kind() == ItemKind.RAW || chunk.kind() == ItemKind.DELTA) {
            againstPrevious(chunk, address);
        }
        ItemKind kind = chunk.kind();
        session.written(address, chunk.hash(), kind.crossesAsData());
        if (kind.crossesAsData()) {
            previous.sent(address, chunk.data(), chunk.length());
        } else {
            previous.overwritten(address);
        }
    }

    /**
     * Sends the chunk as an xor delta against the bytes its address received before, where that is smaller and the
     * two resemble each other ({@link DeltaStage#resembles}: else the xor carries both and compresses worse).
     */
    private void againstPrevious(Chunk chunk, long address) {
        int length = previous.get(address, before);
        if (length != chunk.length()) {
            return;
        }
        int now = chunk.payloadSize();
        int limit = now - ChunkFormat.HASH_SIZE; // the item carries its SHA-256: only worth it below that
        if (limit <= 0) {
            return;
        }
        byte[] d;
        try {
            d = xor.encode(before, length, chunk.data(), chunk.length(), limit);
        } catch (RuntimeException e) {
            return; // no delta: the chunk goes as it was decided
        }
        if (d != null && d.length < limit && DeltaStage.resembles(d.length, chunk.data(), chunk.length())) {
            chunk.deltaAgainstPrevious(DeltaAlgorithm.XOR, d);
        }
    }

    /**
     * A disk or flat memory image is rebuilt over a copy of the base, so a chunk equal to the base needs nothing.
     * A RAMBlock of a migration stream is rebuilt by a QEMU that starts from empty RAM: its unchanged pages still
     * cross, as references to the base's bytes.
     */
    private static boolean receiverHoldsBase(Chunk chunk) {
        String name = chunk.space().name();
        return name.equals(Base.DISK) || name.equals(Base.MEMORY);
    }

    private BitSet touched(int space) {
        if (space >= touched.length) {
            touched = java.util.Arrays.copyOf(touched, Math.max(touched.length * 2, space + 1));
        }
        if (touched[space] == null) {
            touched[space] = new BitSet();
        }
        return touched[space];
    }
}
