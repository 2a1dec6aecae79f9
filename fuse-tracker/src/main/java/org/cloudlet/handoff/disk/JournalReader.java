package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads an overlay journal's records from a byte offset up to its last whole record (it may still be growing). */
public final class JournalReader {

    /** What a journal says, record by record. */
    public interface Visitor {
        void held(long chunk);

        /** A mark; return false to stop reading right after it. */
        default boolean mark(long number) {
            return true;
        }
    }

    private JournalReader() {
    }

    /** The offset of the first record. */
    public static long start() {
        return ChunkJournal.HEADER;
    }

    /** Visits records from {@code from}; returns the offset after the last record visited. */
    public static long read(Path overlayDir, long from, long chunks, Visitor visitor) throws IOException {
        Path file = overlayDir.resolve(ChunkJournal.FILE);
        ByteBuffer buf = ByteBuffer.allocate(ChunkJournal.RECORD * 4096);
        long at = from;
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                buf.clear();
                int n = c.read(buf, at);
                if (n < ChunkJournal.RECORD) {
                    return at;
                }
                buf.flip();
                while (buf.remaining() >= ChunkJournal.RECORD) {
                    long tag = buf.getLong();
                    long value = buf.getLong();
                    if (tag == 0 && value == 0) {
                        return at; // a zeroed tail (file length reached the disk before the record did): the end
                    }
                    at += ChunkJournal.RECORD;
                    if (tag == ChunkJournal.HELD) {
                        if (value < 0 || value >= chunks) {
                            throw new IOException(file + ": chunk " + value + " at offset " + (at - ChunkJournal.RECORD)
                                    + " is outside the disk's " + chunks + " chunks");
                        }
                        visitor.held(value);
                    } else if (tag == ChunkJournal.MARK) {
                        if (!visitor.mark(value)) {
                            return at;
                        }
                    } else {
                        throw new IOException(file + ": unknown record " + tag + " at offset " + (at - ChunkJournal.RECORD));
                    }
                }
            }
        }
    }
}
