package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Builds the chunk-hash index of an image once and keeps it beside the image ({@code IMAGE.hidx}), or in the
 * user's cache directory when the image's directory is read-only; later runs load it if the image is unchanged.
 */
public final class IndexFiles {
    private static final int READ_BLOCK = 1 << 20;

    private IndexFiles() {
    }

    /** Outcome of {@link #loadOrBuild}: the index and whether it had to be built. */
    public record Loaded(ChunkHashIndex index, boolean built, Path file) {
    }

    public static Loaded loadOrBuild(Path image, int threads) throws IOException {
        FileIdentity identity = FileIdentity.of(image);
        if (identity.length() > ChunkHashIndex.maxLength()) {
            throw new IOException(image + ": " + identity.length() + " bytes is larger than an index can describe (" + ChunkHashIndex.maxLength() + ")");
        }
        for (Path candidate : candidates(image)) {
            ChunkHashIndex loaded = tryLoad(candidate, identity);
            if (loaded != null) {
                return new Loaded(loaded, false, candidate);
            }
        }
        byte[] hashes = hashFile(image, identity.length(), threads);
        if (!FileIdentity.of(image).equals(identity)) {
            throw new IOException(image + " changed while its index was being built");
        }
        ChunkHashIndex index = new ChunkHashIndex(identity.length(), hashes);
        Path written = null;
        for (Path candidate : candidates(image)) {
            if (tryWrite(candidate, identity, hashes)) {
                written = candidate;
                break;
            }
        }
        return new Loaded(index, true, written);
    }

    static List<Path> candidates(Path image) {
        Path abs = image.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>(2);
        out.add(abs.resolveSibling(abs.getFileName() + IndexFileFormat.SUFFIX));
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        Path cache = cacheHome != null && !cacheHome.isEmpty() ? Path.of(cacheHome) : Path.of(System.getProperty("user.home"), ".cache");
        byte[] key = ChunkHashes.sha256(ChunkHashes.newDigest(), abs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, abs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        out.add(cache.resolve("cloudlet-handoff").resolve("index").resolve(ChunkHashes.hex(key, 0, 16) + IndexFileFormat.SUFFIX));
        return out;
    }

    /** The hashes of every chunk of {@code image}, read in 1 MiB blocks by {@code threads} workers. */
    static byte[] hashFile(Path image, long length, int threads) throws IOException {
        long chunks = ChunkFormat.chunkCount(length);
        byte[] hashes = new byte[Math.toIntExact(chunks * ChunkFormat.HASH_SIZE)];
        long blocks = (length + READ_BLOCK - 1) / READ_BLOCK;
        int workers = (int) Math.max(1, Math.min(threads, blocks));
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            if (workers == 1) {
                hashBlocks(ch, length, hashes, 0, 1);
                return hashes;
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "index-hash");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Void>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int first = w;
                    futures.add(pool.submit(() -> {
                        hashBlocks(ch, length, hashes, first, workers);
                        return null;
                    }));
                }
                for (Future<Void> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while hashing " + image);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("hashing " + image + " failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return hashes;
    }

    private static void hashBlocks(FileChannel ch, long length, byte[] hashes, int first, int stride) throws IOException {
        MessageDigest md = ChunkHashes.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(READ_BLOCK);
        for (long block = first; block * READ_BLOCK < length; block += stride) {
            long pos = block * READ_BLOCK;
            int want = (int) Math.min(READ_BLOCK, length - pos);
            buf.clear().limit(want);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new IOException("unexpected end of file at offset " + (pos + buf.position()) + " (expected length " + length + ")");
                }
            }
            byte[] a = buf.array();
            for (int off = 0; off < want; off += ChunkFormat.CHUNK_SIZE) {
                int len = Math.min(ChunkFormat.CHUNK_SIZE, want - off);
                md.update(a, off, len);
                long chunk = (pos + off) >>> ChunkFormat.CHUNK_SHIFT;
                try {
                    md.digest(hashes, (int) chunk * ChunkFormat.HASH_SIZE, ChunkFormat.HASH_SIZE);
                } catch (java.security.DigestException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static ChunkHashIndex tryLoad(Path file, FileIdentity identity) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            byte[] all = Files.readAllBytes(file);
            if (all.length < IndexFileFormat.HEADER_SIZE + IndexFileFormat.TRAILER_SIZE) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(all);
            CRC32C crc = new CRC32C();
            crc.update(all, 0, all.length - IndexFileFormat.TRAILER_SIZE);
            if ((int) crc.getValue() != b.getInt(all.length - IndexFileFormat.TRAILER_SIZE)) {
                return null; // torn or corrupt: rebuild
            }
            if (b.getInt() != IndexFileFormat.MAGIC || b.getShort() != IndexFileFormat.VERSION
                    || b.getInt() != ChunkFormat.CHUNK_SIZE) {
                return null;
            }
            FileIdentity recorded = new FileIdentity(b.getLong(), b.getLong(), b.getLong());
            long count = b.getLong();
            if (!recorded.equals(identity) || count != ChunkFormat.chunkCount(identity.length())
                    || all.length != IndexFileFormat.HEADER_SIZE + count * ChunkFormat.HASH_SIZE + IndexFileFormat.TRAILER_SIZE) {
                return null;
            }
            byte[] hashes = java.util.Arrays.copyOfRange(all, IndexFileFormat.HEADER_SIZE, all.length - IndexFileFormat.TRAILER_SIZE);
            return new ChunkHashIndex(identity.length(), hashes);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean tryWrite(Path file, FileIdentity identity, byte[] hashes) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            ByteBuffer header = ByteBuffer.allocate(IndexFileFormat.HEADER_SIZE);
            header.putInt(IndexFileFormat.MAGIC).putShort((short) IndexFileFormat.VERSION).putInt(ChunkFormat.CHUNK_SIZE)
                    .putLong(identity.length()).putLong(identity.mtimeNanos()).putLong(identity.inode())
                    .putLong(hashes.length / ChunkFormat.HASH_SIZE).flip();
            CRC32C crc = new CRC32C();
            crc.update(header.array());
            crc.update(hashes);
            ByteBuffer trailer = ByteBuffer.allocate(IndexFileFormat.TRAILER_SIZE).putInt((int) crc.getValue()).flip();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer[] parts = {header, ByteBuffer.wrap(hashes), trailer};
                while (trailer.hasRemaining()) {
                    ch.write(parts);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            deleteQuietly(tmp);
            return false;
        } catch (IOException e) {
            deleteQuietly(tmp);
            return false;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a stray temp file is harmless
            }
        }
    }
}
