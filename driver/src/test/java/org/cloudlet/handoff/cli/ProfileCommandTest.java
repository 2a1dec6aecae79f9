package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.adapt.Profile;
import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff profile} measures modes on the chunks that differ from a base, in the CSV the adaptation loads. */
class ProfileCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAProfileTheControllerLoads() throws Exception {
        Random r = new Random(4);
        byte[] base = new byte[2 << 20];
        r.nextBytes(base);
        byte[] disk = base.clone();
        for (int i = 0; i < 200; i++) { // 200 chunks with a small edit, 100 fresh text-like chunks
            disk[r.nextInt(256) * 4096 + r.nextInt(4096)] ^= 1;
        }
        for (int i = 256; i < 356; i++) {
            for (int k = 0; k < 4096; k++) {
                disk[i * 4096 + k] = (byte) ('a' + r.nextInt(6));
            }
        }
        Path b = Files.write(dir.resolve("base.img"), base);
        Path d = Files.write(dir.resolve("disk.img"), disk);
        Path csv = dir.resolve("p.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[]{"profile", "--base-disk", b.toString(), "--disk", d.toString(), "--modes", "none,xor+zstd-1,xor+lzma-6",
                        "--threads", "1", "--warmup", "0", "--csv", csv.toString()});
        assertEquals(0, rc, err.toString());
        Profile p = Profile.load(csv);
        assertEquals(3, p.modes().size());
        Profile.Entry none = p.entry(Mode.NONE);
        Profile.Entry lzma = p.entry(Mode.parse("xor+lzma-6"));
        assertTrue(lzma.ratio() < none.ratio() / 3, "xor+lzma-6 " + lzma.ratio() + " vs none " + none.ratio());
        assertTrue(lzma.micros("compress") > p.entry(Mode.parse("xor+zstd-1")).micros("compress"));
        assertTrue(none.micros("hash") > 0);
    }
}
