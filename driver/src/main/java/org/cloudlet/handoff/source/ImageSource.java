package org.cloudlet.handoff.source;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/** Reads a flat image file (disk image, or memory image where address = offset) as chunks of one space. */
public final class ImageSource {
    private final Path file;
    private final Space space;
    private final int windowChunks;
    private final ChunkOrder order;

    /** @param windowChunks chunks read at once; the order shuffles within a window */
    public ImageSource(Path file, Space space, int windowChunks, ChunkOrder order) {
        if (windowChunks < 1) {
            throw new IllegalArgumentException("window: " + windowChunks + " chunks (expected: >= 1)");
        }
        this.file = file;
        this.space = space;
        this.windowChunks = windowChunks;
        this.order = order;
    }

    public static long lengthOf(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file");
        }
        return Files.size(file);
    }

    /** Hands every chunk to {@code sink}, window by window. */
    public void feed(Consumer<Chunk> sink) throws IOException {
        long total = space.chunkCount();
        ByteBuffer window = ByteBuffer.allocate(windowChunks * ChunkFormat.CHUNK_SIZE);
        int[] perm = new int[windowChunks];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != space.length()) {
                throw new IOException(file + " is " + ch.size() + " bytes, expected " + space.length() + " (changed while encoding?)");
            }
            for (long first = 0; first < total; first += windowChunks) {
                int n = (int) Math.min(windowChunks, total - first);
                long pos = first << ChunkFormat.CHUNK_SHIFT;
                int bytes = (int) Math.min((long) n * ChunkFormat.CHUNK_SIZE, space.length() - pos);
                window.clear().limit(bytes);
                while (window.hasRemaining()) {
                    if (ch.read(window, pos + window.position()) < 0) {
                        throw new IOException(file + ": unexpected end of file at offset " + (pos + window.position()));
                    }
                }
                order.permutation(perm, n);
                byte[] a = window.array();
                for (int i = 0; i < n; i++) {
                    long index = first + perm[i];
                    int off = perm[i] * ChunkFormat.CHUNK_SIZE;
                    byte[] data = new byte[ChunkFormat.CHUNK_SIZE];
                    System.arraycopy(a, off, data, 0, space.chunkLength(index));
                    sink.accept(new Chunk(space, index, data));
                }
            }
        }
    }
}
