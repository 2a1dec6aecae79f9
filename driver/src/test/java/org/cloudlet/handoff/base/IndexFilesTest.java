package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.testing.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexFilesTest {
    @TempDir
    Path dir;

    private Path image(long seed, int bytes) throws IOException {
        byte[] a = new byte[bytes];
        new SplittableRandom(seed).nextBytes(a);
        // a repeated chunk, to check that lookup returns the first holder
        System.arraycopy(a, 0, a, 5 * ChunkFormat.CHUNK_SIZE, ChunkFormat.CHUNK_SIZE);
        Path p = dir.resolve("img-" + seed);
        Files.write(p, a);
        return p;
    }

    @Test
    void hashesEveryChunkIncludingThePartialLastOne() throws IOException {
        long seed = Seeds.seed();
        Path img = image(seed, 37 * ChunkFormat.CHUNK_SIZE + 17);
        ChunkHashIndex idx = IndexFiles.loadOrBuild(img, 3).index();
        byte[] all = Files.readAllBytes(img);
        assertEquals(38, idx.chunkCount());
        for (int i = 0; i < 38; i++) {
            int len = ChunkFormat.chunkLength(all.length, i);
            byte[] h = ChunkHashes.sha256(ChunkHashes.newDigest(), all, i * ChunkFormat.CHUNK_SIZE, len);
            assertArrayEquals(h, idx.hashAt(i), "chunk " + i + ", " + Seeds.describe(seed));
            assertTrue(idx.hashEquals(i, h));
            long found = idx.find(h);
            assertEquals(i == 5 ? 0 : i, found, "lookup of chunk " + i + ", " + Seeds.describe(seed));
        }
        assertEquals(-1, idx.find(new byte[32]));
    }

    @Test
    void persistsBesideTheImageAndReusesIt() throws IOException {
        Path img = image(Seeds.seed(), 10 * ChunkFormat.CHUNK_SIZE);
        IndexFiles.Loaded first = IndexFiles.loadOrBuild(img, 1);
        assertTrue(first.built());
        assertEquals(img.resolveSibling(img.getFileName() + ".hidx").toAbsolutePath(), first.file());
        IndexFiles.Loaded second = IndexFiles.loadOrBuild(img, 1);
        assertFalse(second.built(), "index rebuilt although the image did not change");
        assertArrayEquals(first.index().hashBytes(), second.index().hashBytes());
    }

    @Test
    void rebuildsWhenTheImageChangesOrTheIndexIsDamaged() throws IOException {
        Path img = image(Seeds.seed(), 10 * ChunkFormat.CHUNK_SIZE);
        IndexFiles.Loaded first = IndexFiles.loadOrBuild(img, 1);
        byte[] a = Files.readAllBytes(img);
        a[3] ^= 1;
        Files.write(img, a);
        Files.setLastModifiedTime(img, FileTime.fromMillis(Files.getLastModifiedTime(img).toMillis() + 5000));
        IndexFiles.Loaded second = IndexFiles.loadOrBuild(img, 1);
        assertTrue(second.built(), "stale index reused after the image changed");
        assertNotEquals(ChunkHashes.hex(first.index().hashAt(0)), ChunkHashes.hex(second.index().hashAt(0)));

        byte[] idx = Files.readAllBytes(second.file());
        idx[idx.length / 2] ^= 1;
        Files.write(second.file(), idx);
        IndexFiles.Loaded third = IndexFiles.loadOrBuild(img, 1);
        assertTrue(third.built(), "damaged index was trusted");
        assertArrayEquals(second.index().hashBytes(), third.index().hashBytes());
    }

    @Test
    void baseIdDependsOnContentOnly() throws IOException {
        Path a = image(1, 8 * ChunkFormat.CHUNK_SIZE);
        Path b = dir.resolve("copy");
        Files.copy(a, b);
        Path c = image(2, 8 * ChunkFormat.CHUNK_SIZE);
        try (Base ba = Base.open(a, null, 1); Base bb = Base.open(b, null, 1); Base bc = Base.open(c, null, 1);
             Base bac = Base.open(a, c, 1)) {
            assertEquals(ba.idHex(), bb.idHex());
            assertNotEquals(ba.idHex(), bc.idHex());
            assertNotEquals(ba.idHex(), bac.idHex(), "the memory image must count in the id");
        }
    }
}
