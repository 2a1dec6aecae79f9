package org.cloudlet.handoff.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostCpusTest {
    private static HostCpus on(String host, String cpus) {
        return new HostCpus(host, HostCpus.parseList(cpus));
    }

    @Test
    void aPeerOnTheSameHostSharesThePartOfItsCpusThatAreOurs() {
        assertEquals(1.0, on("boot-a", "0-1").shareOf(on("boot-a", "0-1")));
        assertEquals(0.5, on("boot-a", "0").shareOf(on("boot-a", "0-1")), "pinned to one of the peer's two");
        assertEquals(1.0, on("boot-a", "0-3").shareOf(on("boot-a", "2")));
        assertEquals(0.0, on("boot-a", "0-1").shareOf(on("boot-a", "2-3")), "disjoint CPUs");
    }

    @Test
    void anotherOrAnUnknownHostSharesNothing() {
        assertEquals(0.0, on("boot-a", "0-1").shareOf(on("boot-b", "0-1")));
        assertEquals(0.0, on("", "0-1").shareOf(on("", "0-1")));
        assertEquals(0.0, on("boot-a", "0-1").shareOf(on("boot-a", "")));
    }

    @Test
    void cpuListsParseAsTheKernelWritesThem() {
        assertEquals("{0, 1, 2, 5, 7, 8}", HostCpus.parseList("0-2,5,7-8").toString());
        assertEquals("{3}", HostCpus.parseList("3").toString());
    }

    @Test
    void cpuListsReadAndWriteInTheKernelsNotation() {
        assertEquals("0-2,5,7-8", on("h", "0-2,5,7-8").cpuList());
        assertEquals("3", on("h", "3").cpuList());
        assertEquals("", on("h", "").cpuList());
    }

    @Test
    void readsTheBootIdAndTheAllowedCpus(@TempDir Path dir) throws IOException {
        Path boot = Files.writeString(dir.resolve("boot_id"), "0b5e3a1c-1111-2222-3333-444455556666\n");
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n");
        HostCpus h = HostCpus.read(boot, status);
        assertEquals("0b5e3a1c-1111-2222-3333-444455556666", h.host());
        assertEquals("0-1", h.cpuList());
        HostCpus none = HostCpus.read(dir.resolve("missing"), dir.resolve("missing-too"));
        assertEquals(0.0, none.shareOf(h));
        assertEquals(0.0, h.shareOf(none));
    }
}
