package org.cloudlet.handoff.delta;

import org.cloudlet.handoff.testing.SampleData;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Our VCDIFF deltas are plain RFC 3284: Debian's xdelta3 decodes them against the same base. */
class Xdelta3InteropTest {

    @Test
    void xdelta3DecodesOurDeltas(@TempDir Path dir) throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        DeltaCodec codec = Deltas.open(DeltaAlgorithm.XDELTA3);
        for (int i = 0; i < 5; i++) {
            byte[] base = SampleData.mixed(rnd, 4096);
            byte[] target = base.clone();
            System.arraycopy(SampleData.text(rnd, 300), 0, target, rnd.nextInt(3000), 300);
            byte[] delta = codec.encode(base, 4096, target, 4096, 4096);
            assertNotNull(delta);
            Path b = Files.write(dir.resolve("base" + i), base);
            Path d = Files.write(dir.resolve("delta" + i), delta);
            byte[] decoded = Tools.run(dir, "xdelta3", "-d", "-c", "-s", b.toString(), d.toString());
            assertArrayEquals(target, decoded, "xdelta3 -d, pair " + i + ", " + Seeds.describe(seed));
        }
    }

    @Test
    void weDecodeXdelta3sPlainDeltas(@TempDir Path dir) throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        byte[] base = SampleData.text(rnd, 4096);
        byte[] target = base.clone();
        System.arraycopy(SampleData.random(rnd, 200), 0, target, 1000, 200);
        Path b = Files.write(dir.resolve("base"), base);
        Path t = Files.write(dir.resolve("target"), target);
        // -n: no checksum, -A: no application header, -S none: no secondary compression (xdelta3 extensions)
        byte[] delta = Tools.run(dir, "xdelta3", "-e", "-n", "-A", "-S", "none", "-c", "-s", b.toString(), t.toString());
        byte[] out = new byte[4096];
        Deltas.open(DeltaAlgorithm.XDELTA3).decode(base, 4096, delta, 0, delta.length, out, 4096);
        assertArrayEquals(target, out, Seeds.describe(seed));
    }
}
