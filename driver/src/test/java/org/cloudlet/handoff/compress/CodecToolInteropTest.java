package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.testing.SampleData;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.Tools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Segments are standard streams: Debian's own command-line tools decode them (bin/setup installs the tools). */
class CodecToolInteropTest {

    @ParameterizedTest(name = "{0}-{1} {2} via {3}")
    @CsvSource({
            "gzip, 6, JAVA, gzip", "bzip2, 9, JAVA, bzip2", "bzip2, 9, NATIVE, bzip2",
            "lzma, 6, JAVA, xz", "lzma, 6, NATIVE, xz", "zstd, 3, JAVA, zstd", "zstd, 19, JAVA, zstd"})
    void debianToolDecodesOurSegment(String codec, int level, Codecs.Implementation impl, String tool, @TempDir Path dir)
            throws Exception {
        long seed = Seeds.seed();
        byte[] input = SampleData.mixed(new Random(seed), 500_000);
        byte[] packed;
        try (Codec c = Codecs.open(CodecId.byName(codec), level, impl)) {
            packed = c.compress(input, 0, input.length);
        }
        Path file = dir.resolve("segment");
        Files.write(file, packed);
        byte[] decoded = Tools.run(dir, tool, "-d", "-c", file.toString());
        assertArrayEquals(input, decoded, tool + " -d on " + codec + "-" + level + ", " + Seeds.describe(seed));
    }
}
