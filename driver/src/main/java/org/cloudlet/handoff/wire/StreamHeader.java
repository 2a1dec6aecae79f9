package org.cloudlet.handoff.wire;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The HEADER frame: chunk size, the base the stream is relative to, and the spaces it rebuilds. */
public record StreamHeader(int chunkSize, byte[] baseId, List<Space> spaces) {

    public StreamHeader {
        if (baseId.length != ChunkFormat.HASH_SIZE) {
            throw new IllegalArgumentException("base id: " + baseId.length + " bytes (expected: " + ChunkFormat.HASH_SIZE + ")");
        }
        spaces = List.copyOf(spaces);
        for (int i = 0; i < spaces.size(); i++) {
            if (spaces.get(i).id() != i) {
                throw new IllegalArgumentException("space " + spaces.get(i) + " has id " + spaces.get(i).id() + " (expected: " + i + ")");
            }
        }
    }

    public byte[] encode() {
        int size = 4 + ChunkFormat.HASH_SIZE + 1;
        for (Space s : spaces) {
            size += 1 + 1 + 1 + s.name().getBytes(StandardCharsets.UTF_8).length + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(chunkSize).put(baseId).put((byte) spaces.size());
        for (Space s : spaces) {
            byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
            b.put((byte) s.id()).put((byte) s.kind().wireId()).put((byte) name.length).put(name).putLong(s.length());
        }
        return b.array();
    }

    public static StreamHeader decode(Frame frame) throws WireFormatException {
        if (frame.type() != WireFormat.FRAME_HEADER) {
            throw new WireFormatException(frame.offset(), "expected a HEADER frame, found " + frame.name());
        }
        ByteBuffer b = ByteBuffer.wrap(frame.body());
        try {
            int chunkSize = b.getInt();
            if (chunkSize != ChunkFormat.CHUNK_SIZE) {
                throw new WireFormatException(frame.bodyOffset(), "chunk size " + chunkSize + " (this build uses " + ChunkFormat.CHUNK_SIZE + ")");
            }
            byte[] baseId = new byte[ChunkFormat.HASH_SIZE];
            b.get(baseId);
            int count = b.get() & 0xff;
            List<Space> spaces = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = frame.bodyOffset() + b.position();
                int id = b.get() & 0xff;
                SpaceKind kind = SpaceKind.byWireId(b.get() & 0xff);
                byte[] name = new byte[b.get() & 0xff];
                b.get(name);
                long length = b.getLong();
                if (id != i || kind == null || name.length == 0 || length < 0) {
                    throw new WireFormatException(at, "malformed space entry " + i + " (id " + id + ", kind " + kind + ", length " + length + ")");
                }
                spaces.add(new Space(id, kind, new String(name, StandardCharsets.UTF_8), length));
            }
            if (b.hasRemaining()) {
                throw new WireFormatException(frame.bodyOffset() + b.position(), b.remaining() + " unexpected bytes after the space table");
            }
            return new StreamHeader(chunkSize, baseId, spaces);
        } catch (BufferUnderflowException e) {
            throw new WireFormatException(frame.bodyOffset() + b.position(), "HEADER frame body too short (" + frame.body().length + " bytes)");
        }
    }

    public String baseIdHex() {
        return ChunkHashes.hex(baseId);
    }
}
