package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.source.ChunkOrder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageShufflerTest {
    private static final RamBlock RAM = new RamBlock(0, "pc.ram", 1 << 30);
    private static final RamBlock VGA = new RamBlock(1, "vga.vram", 1 << 24);

    /** What reached the next handler, as "p:block:offset:firstbyte", "z:block:offset", "o:len", "idle", … */
    private static final class Recorder implements MigrationStreamHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void opaque(byte[] buf, int off, int len) {
            events.add("o:" + len);
        }

        @Override
        public void ramBlocks(List<RamBlock> blocks) {
            events.add("blocks");
        }

        @Override
        public void zeroPage(RamBlock block, long offset, int fill) {
            events.add("z:" + block.index() + ":" + offset);
        }

        @Override
        public void page(RamBlock block, long offset, byte[] buf, int off) {
            events.add("p:" + block.index() + ":" + offset + ":" + buf[off]);
        }

        @Override
        public void idle() {
            events.add("idle");
        }

        @Override
        public void completing() {
            events.add("completing");
        }

        @Override
        public void end() {
            events.add("end");
        }
    }

    private static byte[] page(int first) {
        byte[] b = new byte[4096 + 8];
        b[8] = (byte) first;
        return b;
    }

    @Test
    void pagesMoveOnlyWithinTheirWindowAndNeverAcrossTheRestOfTheStream() throws IOException {
        long seed = new Random().nextLong();
        Recorder out = new Recorder();
        PageShuffler s = new PageShuffler(out, ChunkOrder.shuffled(seed), 16);
        List<String> sent = new ArrayList<>();
        s.ramBlocks(List.of(RAM, VGA));
        sent.add("blocks");
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            int what = r.nextInt(20);
            if (what == 0) {
                s.opaque(new byte[7], 0, 7);
                sent.add("o:7");
            } else if (what == 1) {
                s.idle();
                sent.add("idle");
            } else if (what < 6) {
                RamBlock b = r.nextBoolean() ? RAM : VGA;
                long off = 4096L * r.nextInt(64);
                s.zeroPage(b, off, 0);
                sent.add("z:" + b.index() + ":" + off);
            } else {
                RamBlock b = r.nextBoolean() ? RAM : VGA;
                long off = 4096L * r.nextInt(64);
                int first = r.nextInt(100);
                s.page(b, off, page(first), 8);
                sent.add("p:" + b.index() + ":" + off + ":" + first);
            }
        }
        s.completing();
        sent.add("completing");
        s.end();
        sent.add("end");

        String why = "seed " + seed;
        assertEquals(sent.size(), out.events.size(), why);
        assertNotEquals(sent, out.events, why + ": nothing was shuffled");
        // Between two non-page events, the same pages; a page sent twice keeps its versions in order; windows ≤ 16.
        int a = 0;
        int b = 0;
        while (a < sent.size()) {
            List<String> in = new ArrayList<>();
            List<String> got = new ArrayList<>();
            while (a < sent.size() && isPage(sent.get(a))) {
                in.add(sent.get(a++));
            }
            while (b < out.events.size() && isPage(out.events.get(b))) {
                got.add(out.events.get(b++));
            }
            assertEquals(new HashSet<>(in), new HashSet<>(got), why);
            assertEquals(in.size(), got.size(), why);
            for (int i = 0; i < got.size(); i++) { // every page within 15 places of where it was sent
                String addr = address(got.get(i));
                int versions = 0;
                for (int j = 0; j < got.size(); j++) {
                    if (address(got.get(j)).equals(addr)) {
                        versions++;
                    }
                }
                assertTrue(Math.abs(in.indexOf(got.get(i)) - i) < 16 || versions > 1, why + ": " + got.get(i));
            }
            List<String> inOrder = new ArrayList<>();
            List<String> gotOrder = new ArrayList<>();
            for (String p : in) {
                if (in.stream().filter(q -> address(q).equals(address(p))).count() > 1) {
                    inOrder.add(p);
                }
            }
            for (String p : got) {
                if (inOrder.contains(p)) {
                    gotOrder.add(p);
                }
            }
            for (String addr : new HashSet<>(inOrder.stream().map(PageShufflerTest::address).toList())) {
                assertEquals(inOrder.stream().filter(p -> address(p).equals(addr)).toList(),
                        gotOrder.stream().filter(p -> address(p).equals(addr)).toList(), why + ": versions of " + addr);
            }
            if (a < sent.size()) {
                assertEquals(sent.get(a++), out.events.get(b++), why);
            }
        }
    }

    private static boolean isPage(String e) {
        return e.startsWith("p:") || e.startsWith("z:");
    }

    private static String address(String e) {
        String[] f = e.split(":");
        return f[1] + ":" + f[2];
    }
}
