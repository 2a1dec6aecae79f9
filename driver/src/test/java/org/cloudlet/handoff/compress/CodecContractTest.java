package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.testing.SampleData;
import org.cloudlet.handoff.testing.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The same contract for every codec, level and implementation (Java and native). */
class CodecContractTest {

    record Variant(CodecId id, int level, Codecs.Implementation impl) {
        Codec open() {
            return Codecs.open(id, level, impl);
        }

        @Override
        public String toString() {
            return id.modeName() + (id.hasLevels() ? "-" + level : "") + "/" + impl.name().toLowerCase();
        }
    }

    static List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        for (CodecId id : CodecId.values()) {
            List<Integer> levels = id.hasLevels() ? List.of(id.minLevel(), id.defaultLevel(), id.maxLevel()) : List.of(0);
            for (int level : levels) {
                out.add(new Variant(id, level, Codecs.Implementation.JAVA));
                if (id == CodecId.LZMA || id == CodecId.BZIP2) {
                    out.add(new Variant(id, level, Codecs.Implementation.NATIVE));
                }
            }
        }
        return out;
    }

    static List<byte[]> inputs(Random rnd) {
        return List.of(new byte[1], new byte[]{42}, new byte[4096], SampleData.text(rnd, 5000),
                SampleData.random(rnd, 70_000), SampleData.mixed(rnd, 1 << 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void roundTripsAtAnOffset(Variant v) throws IOException {
        long seed = Seeds.seed();
        try (Codec codec = v.open()) {
            for (byte[] input : inputs(new Random(seed))) {
                byte[] padded = new byte[input.length + 10];
                System.arraycopy(input, 0, padded, 7, input.length);
                byte[] packed = codec.compress(padded, 7, input.length);
                byte[] framed = new byte[packed.length + 5];
                System.arraycopy(packed, 0, framed, 3, packed.length);
                byte[] out = new byte[input.length];
                codec.decompress(framed, 3, packed.length, out, input.length);
                assertArrayEquals(input, out, v + " " + input.length + " bytes, " + Seeds.describe(seed));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void wrongLengthAndTruncationAreRefused(Variant v) {
        long seed = Seeds.seed();
        byte[] input = SampleData.mixed(new Random(seed), 100_000);
        try (Codec codec = v.open()) {
            byte[] packed = codec.compress(input, 0, input.length);
            assertThrows(IOException.class, () -> codec.decompress(packed, 0, packed.length, new byte[input.length + 1], input.length + 1),
                    v + ": one byte more than encoded");
            assertThrows(IOException.class, () -> codec.decompress(packed, 0, packed.length, new byte[input.length], input.length - 1),
                    v + ": one byte less than encoded");
            Random rnd = new Random(seed);
            for (int i = 0; i < 20; i++) {
                int cut = rnd.nextInt(packed.length);
                assertThrows(IOException.class, () -> codec.decompress(packed, 0, cut, new byte[input.length], input.length),
                        v + ": truncated to " + cut + " of " + packed.length + ", " + Seeds.describe(seed));
            }
        }
    }

    /** Flipped bytes must give an IOException or some output, never another exception, a crash or a hang. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void corruptionFailsCleanly(Variant v) {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        byte[] input = SampleData.mixed(rnd, 50_000);
        try (Codec codec = v.open()) {
            byte[] packed = codec.compress(input, 0, input.length);
            for (int i = 0; i < 30; i++) {
                byte[] bad = packed.clone();
                int at = rnd.nextInt(bad.length);
                bad[at] ^= (byte) (1 + rnd.nextInt(255));
                try {
                    codec.decompress(bad, 0, bad.length, new byte[input.length], input.length);
                } catch (IOException expected) {
                    // the usual outcome
                } catch (RuntimeException e) {
                    fail(v + ": byte " + at + " flipped gave " + e + " instead of IOException, " + Seeds.describe(seed), e);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeLevels")
    void nativeAndJavaReadEachOther(CodecId id, int level) throws IOException {
        long seed = Seeds.seed();
        byte[] input = SampleData.mixed(new Random(seed), 300_000);
        try (Codec nat = Codecs.open(id, level, Codecs.Implementation.NATIVE);
             Codec java = Codecs.open(id, level, Codecs.Implementation.JAVA)) {
            byte[] out = new byte[input.length];
            byte[] fromNative = nat.compress(input, 0, input.length);
            java.decompress(fromNative, 0, fromNative.length, out, input.length);
            assertArrayEquals(input, out, id + "-" + level + " native → java, " + Seeds.describe(seed));
            Arrays.fill(out, (byte) 0);
            byte[] fromJava = java.compress(input, 0, input.length);
            nat.decompress(fromJava, 0, fromJava.length, out, input.length);
            assertArrayEquals(input, out, id + "-" + level + " java → native, " + Seeds.describe(seed));
        }
    }

    static List<Object[]> nativeLevels() {
        List<Object[]> out = new ArrayList<>();
        for (CodecId id : List.of(CodecId.LZMA, CodecId.BZIP2)) {
            for (int level = 1; level <= 9; level++) {
                out.add(new Object[]{id, level});
            }
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void levelsOutOfRangeAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.open(CodecId.ZSTD, 20));
        org.junit.jupiter.api.Assertions.assertEquals("zstd level: 20 (expected: 1-19)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codecs.open(CodecId.GZIP, 0));
        assertThrows(IllegalArgumentException.class, () -> Codecs.open(CodecId.LZ4, 3));
    }
}
