package org.cloudlet.handoff.store;

import org.cloudlet.handoff.stream.QemuStreamBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.cloudlet.handoff.stream.QemuStreamFormat.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A base enters a store whole, keeps its content id across export and import, and a damaged copy is refused. */
class BaseStoreTest {
    @TempDir
    Path dir;

    private static byte[] snapshot(long seed) {
        Random r = new Random(seed);
        QemuStreamBuilder b = new QemuStreamBuilder().header().ramStart(2, "pc.ram", 64L * PAGE_SIZE).part(2);
        for (int p = 0; p < 64; p++) {
            if (p % 3 == 0) {
                b.zero("pc.ram", (long) p * PAGE_SIZE);
            } else {
                byte[] page = new byte[PAGE_SIZE];
                r.nextBytes(page);
                b.page("pc.ram", (long) p * PAGE_SIZE, page);
            }
        }
        return b.eos().footer(2).deviceStateAndEof().bytes();
    }

    private StoredBase add(BaseStore store, String name, byte[] memory, byte[] disk) throws IOException {
        Path staging = store.stage();
        Files.write(staging.resolve(BaseStore.MEMORY), memory);
        if (disk != null) {
            Files.write(staging.resolve(BaseStore.DISK), disk);
        }
        return store.commit(staging, name, null, 2);
    }

    @Test
    void aBaseIsFoundByIdPrefixOrNameAndSurvivesExportAndImport() throws IOException {
        BaseStore a = new BaseStore(dir.resolve("a"));
        byte[] disk = new byte[32 * PAGE_SIZE];
        new Random(3).nextBytes(disk);
        StoredBase one = add(a, "one", snapshot(1), disk);
        StoredBase two = add(a, "two", snapshot(2), null);
        assertNotEquals(one.id(), two.id());
        assertEquals(2, a.list().size());
        assertEquals(one.id(), a.find("one").id());
        assertEquals(two.id(), a.find(two.id().substring(0, 8)).id());
        assertTrue(assertThrows(IOException.class, () -> a.find("three")).getMessage().contains("no base 'three'"));
        // the same contents again: the store keeps one copy
        assertEquals(one.id(), add(a, "one-again", snapshot(1), disk).id());
        assertEquals(2, a.list().size());

        for (String name : new String[]{"one.tar", "one.tar.zst"}) {
            Path archive = dir.resolve(name);
            BaseArchive.export(one, archive);
            BaseStore b = new BaseStore(dir.resolve("b-" + name));
            StoredBase imported = BaseArchive.importInto(b, archive, 2);
            assertEquals(one.id(), imported.id());
            assertEquals("one", imported.name());
            assertEquals(Files.mismatch(one.disk(), imported.disk()), -1L);
            assertEquals(Files.mismatch(one.memory(), imported.memory()), -1L);
        }
        a.delete(two);
        assertEquals(1, a.list().size());
        assertEquals(0, leftovers(a));
    }

    @Test
    void aDamagedArchiveIsRefusedAndLeavesNothingBehind() throws IOException {
        BaseStore a = new BaseStore(dir.resolve("a"));
        StoredBase one = add(a, "one", snapshot(1), null);
        Path archive = dir.resolve("one.tar");
        BaseArchive.export(one, archive);
        byte[] tar = Files.readAllBytes(archive);
        // a byte inside a non-zero page of the memory snapshot (past the manifest and the headers)
        int at = tar.length / 2;
        tar[at] ^= 0x5A;
        Files.write(archive, tar);
        BaseStore b = new BaseStore(dir.resolve("b"));
        IOException e = assertThrows(IOException.class, () -> BaseArchive.importInto(b, archive, 2));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertEquals(0, b.list().size());
        assertEquals(0, leftovers(b));
    }

    @Test
    void somethingThatIsNotASnapshotIsRefused() throws IOException {
        BaseStore a = new BaseStore(dir.resolve("a"));
        IOException e = assertThrows(IOException.class, () -> add(a, "junk", new byte[8192], null));
        assertTrue(e.getMessage().contains("not a QEMU migration stream"), e.getMessage());
        assertEquals(0, leftovers(a));
    }

    private static long leftovers(BaseStore s) throws IOException {
        try (var files = Files.list(s.dir())) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }
}
