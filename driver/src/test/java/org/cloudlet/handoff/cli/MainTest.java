package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelp() {
        assertEquals(Main.OK, run("--help"));
        for (String c : new String[] {"encode", "decode", "profile"}) {
            assertTrue(out().contains(c), "command list lacks " + c);
        }
        for (String c : new String[] {"encode", "decode", "profile", "daemon", "testbed", "migrate", "base list", "base create",
                "base add", "base export", "base import", "base delete", "disk mount", "disk dirty", "disk mark", "disk flatten"}) {
            assertEquals(Main.OK, run((c + " --help").split(" ")), c);
            assertTrue(out().contains("usage: handoff " + c), out());
        }
    }

    @Test
    void baseCommandsOnAStore(@TempDir Path dir) {
        String store = dir.resolve("store").toString();
        assertEquals(Main.OK, run("base", "list", "--store", store));
        assertTrue(out().contains("no bases in"), out());
        assertEquals(Main.USAGE, run("base"));
        assertTrue(err().contains("handoff base: expected a sub-command"), err());
        assertEquals(Main.USAGE, run("base", "frobnicate"));
        assertTrue(err().contains("not 'frobnicate'"), err());
        assertEquals(Main.USAGE, run("base", "export", "--store", store, "-o", dir.resolve("x.tar").toString()));
        assertTrue(err().contains("missing argument"), err());
        assertEquals(Main.FAILED, run("base", "export", "nothing", "--store", store, "-o", dir.resolve("x.tar").toString()));
        assertTrue(err().contains("no base 'nothing'") && err().contains("the store is empty"), err());
        assertEquals(Main.FAILED, run("base", "add", "--name", "x", "--memory", "/etc/hostname", "--store", store));
        assertTrue(err().contains("not a QEMU migration stream"), err());
        assertEquals(Main.USAGE, run("base", "import", dir.resolve("none.tar").toString(), "--store", store));
    }

    @Test
    void badCommandLinesExitWithUsage() {
        assertEquals(Main.USAGE, run());
        assertEquals(Main.USAGE, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"));
        assertEquals(Main.USAGE, run("encode", "--disk", "x"));
        assertTrue(err().contains("Missing required option"), err());
        assertEquals(Main.USAGE, run("encode", "--base-disk", "/nonexistent", "--disk", "/nonexistent", "-o", "/tmp/x"));
        assertTrue(err().contains("--base-disk /nonexistent: no such file"), err());
        assertEquals(Main.USAGE, run("testbed", "--guest", "/nonexistent", "--workload", "/etc/hostname", "--testbed", "hoff-2"));
        assertTrue(err().contains("--testbed: testbed name 'hoff-2': expected 1 to 12 lower-case letters and digits"), err());
    }

    @Test
    void encodeThenDecodeThroughTheCommandLine(@TempDir Path dir) throws Exception {
        long seed = Seeds.seed();
        TestImages t = TestImages.create(dir, seed, 64);
        assertEquals(Main.USAGE, run("encode", "--base-disk", t.baseDisk.toString(), "--disk", t.disk.toString(),
                "--mode", "zstd-42", "-o", dir.resolve("o").toString()));
        assertTrue(err().contains("zstd level: 42 (expected: 1-19)"), err());

        Path stream = dir.resolve("o.hoff");
        assertEquals(Main.OK, run("encode", "--base-disk", t.baseDisk.toString(), "--disk", t.disk.toString(),
                "--base-memory", t.baseMemory.toString(), "--memory", t.memory.toString(), "--threads", "2", "-o", stream.toString()), err());
        for (String field : new String[] {"modified in", "bytes out", "ratio", "zero=", "base-disk=", "base-memory=", "self=", "delta=", "raw=", "wall time", "MB/s"}) {
            assertTrue(out().contains(field), "summary lacks " + field + ": " + out());
        }
        Path d2 = dir.resolve("d2");
        Path m2 = dir.resolve("m2");
        assertEquals(Main.OK, run("decode", "--base-disk", t.baseDisk.toString(), "--base-memory", t.baseMemory.toString(),
                "-i", stream.toString(), "--disk-out", d2.toString(), "--memory-out", m2.toString()), err());
        assertArrayEquals(Files.readAllBytes(t.disk), Files.readAllBytes(d2), Seeds.describe(seed));
        assertArrayEquals(Files.readAllBytes(t.memory), Files.readAllBytes(m2), Seeds.describe(seed));

        // Without the base memory the base id differs: bad data, exit 3.
        assertEquals(Main.BAD_DATA, run("decode", "--base-disk", t.baseDisk.toString(), "-i", stream.toString(),
                "--disk-out", d2.toString(), "--memory-out", m2.toString()));
        assertTrue(err().contains("base mismatch"), err());
    }

    @Test
    void processesItStartsGetItsHeapAndCollectorOptionsOnly() {
        assertEquals(java.util.List.of("-XX:+UseParallelGC", "-Xmx2g", "-Xmn512m"), Main.vmOptions(java.util.List.of("-XX:+UseParallelGC",
                "-Xmx2g", "-javaagent:/tmp/jacoco.jar=destfile=x", "-agentlib:jdwp=transport=dt_socket,address=5005", "-Dfile.encoding=UTF-8",
                "-Xmn512m", "-Xlog:gc")));
    }
}
