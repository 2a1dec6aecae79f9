package org.cloudlet.handoff.wire;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.ItemKind;

import java.security.MessageDigest;
import java.util.Arrays;

/** Serialises decided chunks as items into one segment's raw buffer (layout in {@link WireFormat}). */
public final class ItemWriter {
    private static final int MAX_FIXED = 1 + 1 + Varint.MAX_LONG_BYTES + ChunkFormat.HASH_SIZE + 1 + Varint.MAX_LONG_BYTES;

    private byte[] buf;
    private int pos;
    private int items;
    private final MessageDigest digest = ChunkHashes.newDigest();

    public ItemWriter(int initialCapacity) {
        this.buf = new byte[initialCapacity];
    }

    public void write(Chunk c) {
        ItemKind kind = c.kind();
        if (kind == ItemKind.OPAQUE) {
            ensure(1 + Varint.MAX_LONG_BYTES + c.length());
            buf[pos++] = (byte) kind.wireId();
            pos = Varint.write(buf, pos, c.length());
            System.arraycopy(c.data(), 0, buf, pos, c.length());
            pos += c.length();
            items++;
            return;
        }
        int payload = switch (kind) {
            case DELTA, PREV -> c.delta().length;
            case RAW -> c.length();
            default -> 0;
        };
        ensure(MAX_FIXED + payload);
        buf[pos++] = (byte) kind.wireId();
        buf[pos++] = (byte) c.space().id();
        pos = Varint.write(buf, pos, c.index());
        if (kind.carriesHash()) {
            System.arraycopy(c.hash(), 0, buf, pos, ChunkFormat.HASH_SIZE);
            pos += ChunkFormat.HASH_SIZE;
        }
        if (kind.inSegmentDigest()) {
            digest.update(c.hash(), 0, ChunkFormat.HASH_SIZE);
        }
        if (kind.carriesDelta()) {
            buf[pos++] = (byte) c.deltaAlgorithm().wireId();
            pos = Varint.write(buf, pos, payload);
            System.arraycopy(c.delta(), 0, buf, pos, payload);
            pos += payload;
        } else if (kind == ItemKind.RAW) {
            System.arraycopy(c.data(), 0, buf, pos, payload);
            pos += payload;
        }
        items++;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public int size() {
        return pos;
    }

    public int itemCount() {
        return items;
    }

    public byte[] buffer() {
        return buf;
    }

    /** The segment digest of the items written since the last call: SHA-256 over their chunks' SHA-256s, in order. */
    public byte[] takeDigest() {
        return digest.digest();
    }

    /** Hands the buffer over and starts a new one. */
    public byte[] take(int nextCapacity) {
        byte[] out = buf;
        buf = new byte[nextCapacity];
        pos = 0;
        items = 0;
        return out;
    }
}
