package org.cloudlet.handoff.hash;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.pipeline.ChunkStage;

import java.security.MessageDigest;

/** SHA-256 of each chunk: the key of every later comparison, and what the decoder verifies. */
public final class HashStage implements ChunkStage {
    private final MessageDigest digest = ChunkHashes.newDigest();

    @Override
    public void process(Chunk chunk) {
        if (chunk.hash() == null) {
            chunk.hash(ChunkHashes.sha256(digest, chunk.data(), 0, chunk.length()));
        }
    }
}
