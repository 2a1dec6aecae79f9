package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {
    static final String HEADER = "mode,threads,chunks,input_bytes,output_bytes,ratio,cpu_us_per_chunk,p_hash_us,p_diff_us,"
            + "p_base_dedup_us,p_delta_us,p_self_dedup_us,p_segment_us,p_compress_us,p_write_us,encode_wall_s,decode_wall_s\n";

    /** A profile row: fixed stages cost 4 µs, the delta and compress stages what is given. */
    static String row(String mode, int threads, double ratio, double delta, double compress) {
        return String.format(java.util.Locale.ROOT, "%s,%d,100,409600,%d,%.6f,%.4f,2.0,0.5,0.5,%.4f,0.5,0.3,%.4f,0.2,0.1,0.1%n",
                mode, threads, (long) (409600 * ratio), ratio, 4 + delta + compress, delta, compress);
    }

    /** The stage costs {@link #row} profiles, per chunk in pipeline order, as a measurement of that mode carries them. */
    static Map<String, Double> stages(double delta, double compress) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("hash", 2.0);
        stages.put("diff", 0.5);
        stages.put("base-dedup", 0.5);
        stages.put("delta", delta);
        stages.put("self-dedup", 0.5);
        stages.put("segment", 0.3);
        stages.put("compress", compress);
        stages.put("write", 0.2);
        return stages;
    }

    /** As {@link #row(String, int, double, double, double)}, its 100 chunks decoded in {@code decodeWallSeconds}. */
    static String row(String mode, int threads, double ratio, double delta, double compress, double decodeWallSeconds) {
        String r = row(mode, threads, ratio, delta, compress);
        return r.substring(0, r.lastIndexOf(',') + 1) + String.format(java.util.Locale.ROOT, "%.6f%n", decodeWallSeconds);
    }

    static Profile profile(String rows) throws IOException {
        return Profile.read(new StringReader(HEADER + rows), "test profile");
    }

    @Test
    void builtInCoversThePapersModesAndOurs() {
        Profile p = Profile.builtIn();
        for (String m : new String[]{"none", "xor+gzip-1", "bsdiff+bzip2-9", "xdelta3+lzma-9", "zstd-19", "xor+zstd-1", "lz4"}) {
            assertTrue(p.has(Mode.parse(m)), m);
        }
        Profile.Entry e = p.entry(Mode.parse("xor+lzma-9"));
        assertTrue(e.ratio() > 0 && e.ratio() < 1, "ratio " + e.ratio());
        assertTrue(e.micros("compress") > p.entry(Mode.parse("xor+zstd-1")).micros("compress"));
    }

    @Test
    void keepsSingleThreadRowsOnly() throws IOException {
        Profile p = profile(row("zstd-1", 1, 0.4, 0, 5) + row("zstd-1", 2, 0.9, 0, 50));
        assertEquals(0.4, p.entry(Mode.parse("zstd-1")).ratio(), 1e-9);
        assertEquals(9.0, p.entry(Mode.parse("zstd-1")).totalMicros(), 1e-9);
    }

    @Test
    void readsTheDecodersTimePerChunkWhereTheProfileHasIt() throws IOException {
        Profile p = profile(row("bzip2-9", 1, 0.2, 0, 150, 0.012));
        assertEquals(120.0, p.entry(Mode.parse("bzip2-9")).decodeMicros(), 1e-9, "12 ms for 100 chunks");
        String noDecode = HEADER.replace(",decode_wall_s", "") + row("zstd-1", 1, 0.4, 0, 5).replaceAll(",[^,]*\\n$", "\n");
        assertEquals(0.0, Profile.read(new StringReader(noDecode), "old").entry(Mode.parse("zstd-1")).decodeMicros());
    }

    @Test
    void badInputNamesTheLine() {
        IOException e = assertThrows(IOException.class, () -> profile(row("zstd-1", 1, 0.4, 0, 5) + "zstd-2,1,1\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        e = assertThrows(IOException.class, () -> profile(row("zstd-99", 1, 0.4, 0, 5)));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("level"), e.getMessage());
        e = assertThrows(IOException.class, () -> Profile.read(new StringReader("mode,threads\n"), "x.csv"));
        assertTrue(e.getMessage().contains("ratio"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> profile(row("zstd-1", 2, 0.4, 0, 5)));
    }
}
