package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.cloudlet.handoff.stream.QemuStreamFormat.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationStreamCodecTest {
    private static final long RAM = 64 * PAGE_SIZE;
    private static final long ROM = 4 * PAGE_SIZE;

    private static byte[] fill(int v) {
        byte[] b = new byte[PAGE_SIZE];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static QemuStreamBuilder typical() {
        return new QemuStreamBuilder().header()
                .command(CMD_OPEN_RETURN_PATH, new byte[0])
                .command(CMD_PING, new byte[]{0, 0, 0, 1})
                .ramStart(2, "pc.ram", RAM, "pc.rom", ROM)
                .part(2).page("pc.ram", 0, fill(1)).zero("pc.ram", PAGE_SIZE).page("pc.rom", 0, fill(2))
                .page("pc.ram", 2 * PAGE_SIZE, fill(3)).rawWord(RAM_MULTIFD_FLUSH).eos().footer(2)
                .part(2).eos().footer(2)
                .end(2).page("pc.ram", 0, fill(4)).zero("pc.ram", 3 * PAGE_SIZE).eos().footer(2)
                .deviceStateAndEof();
    }

    private static byte[] recreate(byte[] stream) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MigrationStreamReader(new ByteArrayInputStream(stream), new MigrationStreamWriter(out)).run();
        return out.toByteArray();
    }

    @Test
    void recreatesTheStreamByteForByte() throws IOException {
        byte[] stream = typical().bytes();
        assertArrayEquals(stream, recreate(stream));
    }

    @Test
    void reportsBlocksAndPages() throws IOException {
        List<String> events = new ArrayList<>();
        MigrationStreamReader r = new MigrationStreamReader(new ByteArrayInputStream(typical().bytes()), recorder(events::add));
        r.run();
        assertEquals(List.of("pc.ram", "pc.rom"), r.blocks().stream().map(RamBlock::idstr).toList());
        assertEquals(4, r.pages());
        assertEquals(2, r.zeroPages());
        assertEquals(List.of("blocks", "page pc.ram 0 1", "zero pc.ram 4096", "page pc.rom 0 2", "page pc.ram 8192 3",
                "page pc.ram 0 4", "zero pc.ram 12288", "end"), events);
    }

    /** Pages between two opaque runs come out in a random order: the result parses to the same pages. */
    @Test
    void pagesMayBeReorderedBetweenOpaqueRuns() throws IOException {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        QemuStreamBuilder b = new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM, "pc.rom", ROM).part(2);
        for (int i = 0; i < 64; i++) {
            if (i % 5 == 0) {
                b.zero(i % 3 == 0 ? "pc.rom" : "pc.ram", (i % 4) * PAGE_SIZE);
            } else {
                b.page("pc.ram", i * PAGE_SIZE, fill(i));
            }
        }
        byte[] stream = b.eos().footer(2).deviceStateAndEof().bytes();

        ByteArrayOutputStream shuffled = new ByteArrayOutputStream();
        MigrationStreamWriter w = new MigrationStreamWriter(shuffled);
        List<Runnable> held = new ArrayList<>();
        new MigrationStreamReader(new ByteArrayInputStream(stream), new MigrationStreamHandler() {
            public void opaque(byte[] buf, int off, int len) throws IOException {
                release();
                w.opaque(buf, off, len);
            }

            public void ramBlocks(List<RamBlock> blocks) {
                w.ramBlocks(blocks);
            }

            public void zeroPage(RamBlock block, long offset, int fill) {
                held.add(() -> io(() -> w.zeroPage(block, offset, fill)));
            }

            public void page(RamBlock block, long offset, byte[] buf, int off) {
                byte[] copy = Arrays.copyOfRange(buf, off, off + PAGE_SIZE);
                held.add(() -> io(() -> w.page(block, offset, copy, 0)));
            }

            private void release() {
                Collections.shuffle(held, rnd);
                held.forEach(Runnable::run);
                held.clear();
            }
        }).run();

        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        new MigrationStreamReader(new ByteArrayInputStream(stream), recorder(before::add)).run();
        new MigrationStreamReader(new ByteArrayInputStream(shuffled.toByteArray()), recorder(after::add)).run();
        assertEquals(before.size(), after.size());
        Collections.sort(before);
        Collections.sort(after);
        assertEquals(before, after, Seeds.describe(seed));
    }

    @Test
    void refusesWhatItCannotCarry() {
        refuses(new QemuStreamBuilder().be32Bytes(0x12345678), "not a QEMU migration stream: magic 0x12345678");
        refuses(new QemuStreamBuilder().header().command(3, new byte[0]), "POSTCOPY_ADVISE");
        refuses(new QemuStreamBuilder().header().sectionHeader(SECTION_START, 3, "block", 1), "block migration");
        refuses(new QemuStreamBuilder().header().u8(0x42), "unknown record type 0x42");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(2).rawWord(RAM_XBZRLE | RAM_CONTINUE),
                "XBZRLE");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(2).rawWord(RAM_COMPRESS_PAGE),
                "COMPRESS_PAGE");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(2).page("pc.ram", RAM, fill(1)),
                "past the end of RAM block 'pc.ram'");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(2).page("other", 0, fill(1)),
                "unknown RAM block 'other'");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(3), "not the ram section");
        refuses(new QemuStreamBuilder().header().ramStart(2, "pc.ram", RAM).part(2).eos().footer(2),
                "the stream ends before the device state");
    }

    @Test
    void aCutStreamNamesWhereItEnds() {
        byte[] stream = typical().bytes();
        for (int cut = 1; cut < 300; cut += 7) {
            byte[] part = Arrays.copyOf(stream, cut);
            IOException e = assertThrows(IOException.class, () -> recreate(part), "cut at " + cut);
            assertTrue(e instanceof EOFException || e.getMessage().contains("ends"), e.getMessage());
        }
    }

    private static void refuses(QemuStreamBuilder b, String expected) {
        UnsupportedStreamException e = assertThrows(UnsupportedStreamException.class, () -> recreate(b.bytes()));
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage() + " (expected to mention: " + expected + ")");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MigrationStreamHandler recorder(Consumer<String> events) {
        return new MigrationStreamHandler() {
            public void opaque(byte[] buf, int off, int len) {
            }

            public void ramBlocks(List<RamBlock> blocks) {
                events.accept("blocks");
            }

            public void zeroPage(RamBlock block, long offset, int fill) {
                events.accept("zero " + block.idstr() + " " + offset);
            }

            public void page(RamBlock block, long offset, byte[] buf, int off) {
                events.accept("page " + block.idstr() + " " + offset + " " + buf[off]);
            }

            public void end() {
                events.accept("end");
            }
        };
    }
}
