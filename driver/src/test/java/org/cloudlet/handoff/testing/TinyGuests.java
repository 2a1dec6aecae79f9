package org.cloudlet.handoff.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds (once, cached) the tiny Debian-kernel + busybox guest with the testbed's own script. */
public final class TinyGuests {
    private TinyGuests() {
    }

    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("testbed")) ? here : here.getParent();
    }

    public static synchronized Path build() throws IOException, InterruptedException {
        Path out = Path.of(System.getProperty("handoff.tinyGuest", "/var/tmp/cloudlet-handoff/guests/tiny"));
        Path script = repoRoot().resolve("testbed/guest/build-tiny.sh");
        Process p = new ProcessBuilder("bash", script.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("building the tiny guest failed (run bin/setup first?): " + log);
        }
        return out;
    }
}
