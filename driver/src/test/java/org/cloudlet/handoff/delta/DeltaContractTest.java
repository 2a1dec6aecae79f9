package org.cloudlet.handoff.delta;

import org.cloudlet.handoff.testing.SampleData;
import org.cloudlet.handoff.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The same contract for every delta algorithm, over base/target pairs shaped like real chunk changes. */
class DeltaContractTest {
    private static final int CHUNK = 4096;

    record Pair(String shape, byte[] base, int baseLen, byte[] target) {
    }

    static List<Pair> pairs(Random rnd) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] base = i % 2 == 0 ? SampleData.text(rnd, CHUNK) : SampleData.mixed(rnd, CHUNK);
            byte[] edit = base.clone();
            for (int k = 0, n = 1 + rnd.nextInt(6); k < n; k++) {
                edit[rnd.nextInt(CHUNK)] = (byte) rnd.nextInt();
            }
            out.add(new Pair("small edit", base, CHUNK, edit));
            byte[] shifted = new byte[CHUNK];
            int shift = 1 + rnd.nextInt(64);
            System.arraycopy(base, 0, shifted, shift, CHUNK - shift);
            out.add(new Pair("insert " + shift + " bytes", base, CHUNK, shifted));
            out.add(new Pair("random", base, CHUNK, SampleData.random(rnd, CHUNK)));
            byte[] counters = base.clone();
            for (int k = 0; k < CHUNK; k += 64) {
                counters[k] += 1;
            }
            out.add(new Pair("counter bumps", base, CHUNK, counters));
        }
        out.add(new Pair("zero base", new byte[CHUNK], CHUNK, SampleData.text(rnd, CHUNK)));
        out.add(new Pair("short base", Arrays.copyOf(SampleData.text(rnd, CHUNK), CHUNK), 1000, SampleData.text(rnd, CHUNK)));
        byte[] b = SampleData.text(rnd, CHUNK);
        out.add(new Pair("short target", b, CHUNK, Arrays.copyOf(b, 1234)));
        out.add(new Pair("identical", b, CHUNK, b.clone()));
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DeltaAlgorithm.class, names = {"XOR", "BSDIFF", "XDELTA3"})
    void roundTripsAndRespectsTheLimit(DeltaAlgorithm a) throws IOException {
        long seed = Seeds.seed();
        DeltaCodec codec = Deltas.open(a);
        int smaller = 0;
        for (Pair p : pairs(new Random(seed))) {
            String why = a + " on " + p.shape() + ", " + Seeds.describe(seed);
            byte[] delta = codec.encode(p.base(), p.baseLen(), p.target(), p.target().length, CHUNK);
            if (delta == null) {
                continue;
            }
            assertTrue(delta.length < CHUNK, why + ": delta of " + delta.length + " bytes at limit " + CHUNK);
            smaller++;
            byte[] out = new byte[CHUNK];
            codec.decode(p.base(), p.baseLen(), delta, 0, delta.length, out, p.target().length);
            assertArrayEquals(p.target(), Arrays.copyOf(out, p.target().length), why);
            int tight = delta.length;
            assertNull(codec.encode(p.base(), p.baseLen(), p.target(), p.target().length, tight),
                    why + ": a delta of " + tight + " bytes is not under a limit of " + tight);
        }
        assertTrue(smaller >= 40, a + " made only " + smaller + " useful deltas, " + Seeds.describe(seed));
    }

    @ParameterizedTest
    @EnumSource(value = DeltaAlgorithm.class, names = {"XOR", "BSDIFF", "XDELTA3"})
    void smallEditsGiveSmallDeltas(DeltaAlgorithm a) {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        byte[] base = SampleData.text(rnd, CHUNK);
        byte[] target = base.clone();
        target[100] ^= 1;
        target[3000] ^= 1;
        byte[] delta = Deltas.open(a).encode(base, CHUNK, target, CHUNK, CHUNK);
        assertNotNull(delta, a.modeName());
        assertTrue(delta.length < 64, a + ": two flipped bits cost " + delta.length + " bytes");
    }

    @ParameterizedTest
    @EnumSource(value = DeltaAlgorithm.class, names = {"XOR", "BSDIFF", "XDELTA3"})
    void truncatedAndCorruptDeltasFailCleanly(DeltaAlgorithm a) {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        DeltaCodec codec = Deltas.open(a);
        byte[] base = SampleData.text(rnd, CHUNK);
        byte[] target = base.clone();
        for (int k = 0; k < 40; k++) {
            target[rnd.nextInt(CHUNK)] = (byte) rnd.nextInt();
        }
        byte[] delta = codec.encode(base, CHUNK, target, CHUNK, CHUNK);
        assertNotNull(delta);
        for (int cut = 0; cut < delta.length; cut += 1 + delta.length / 40) {
            int n = cut;
            assertThrows(IOException.class, () -> codec.decode(base, CHUNK, delta, 0, n, new byte[CHUNK], CHUNK),
                    a + " delta truncated to " + n + " of " + delta.length + " bytes, " + Seeds.describe(seed));
        }
        for (int i = 0; i < 200; i++) {
            byte[] bad = delta.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            try {
                codec.decode(base, CHUNK, bad, 0, bad.length, new byte[CHUNK], CHUNK);
            } catch (IOException expected) {
                // corrupt data is reported; the chunk's SHA-256 catches what decodes to the wrong bytes
            } catch (RuntimeException e) {
                fail(a + ": byte " + at + " flipped gave " + e + ", " + Seeds.describe(seed), e);
            }
        }
    }
}
