package org.cloudlet.handoff.job;

import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.rebuild.DecodeResult;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.testing.Codec;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every delta algorithm with every compressor: encode (parallel, shuffled), decode, compare to the bit. */
class RoundTripTest {

    static List<String> modes() {
        List<String> out = new ArrayList<>();
        for (String delta : List.of("", "xor+", "bsdiff+", "xdelta3+")) {
            for (String codec : List.of("none", "lz4", "gzip-6", "bzip2-9", "lzma-9", "zstd-3")) {
                out.add(delta + codec);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void rebuildsBitExact(String modeName, @TempDir Path dir) throws Exception {
        long seed = Seeds.seed();
        String why = Seeds.describe(seed) + ", mode " + modeName;
        TestImages t = TestImages.create(dir, seed, 256);
        Mode mode = Mode.parse(modeName);
        Path stream = dir.resolve("out.hoff");
        EncodeSummary s = Codec.encode(t, mode, Codec.smallSegments(2), ChunkOrder.shuffled(seed), stream);
        DecodeResult r = Codec.decode(t, stream, dir.resolve("d2"), dir.resolve("m2"));

        assertArrayEquals(Files.readAllBytes(t.disk), Files.readAllBytes(dir.resolve("d2")), "disk differs: " + why);
        assertArrayEquals(Files.readAllBytes(t.memory), Files.readAllBytes(dir.resolve("m2")), "memory differs: " + why);
        assertEquals(s.items(), r.items(), "encoder and decoder disagree on item counts: " + why);
        assertEquals(Files.size(stream), s.wireBytes(), why);
        for (ItemKind k : ItemKind.values()) {
            if (k == ItemKind.OPAQUE || k == ItemKind.BASE_SAME || k == ItemKind.PREV) {
                // stream bytes, and re-sent addresses: neither exists when each address of an image crosses once
                assertEquals(0L, s.items().get(k), k.label() + " items from disk images: " + why);
            } else if (k == ItemKind.DELTA && mode.delta() == DeltaAlgorithm.NONE) {
                assertEquals(0L, s.items().get(k), "no delta mode, yet delta items: " + why);
            } else {
                assertTrue(s.items().get(k) > 0, "no " + k.label() + " items: " + why + " " + s.items());
            }
        }
    }
}
