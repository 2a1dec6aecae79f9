package org.cloudlet.handoff.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a command-line tool from Debian's packages and returns its standard output; fails with its stderr. */
public final class Tools {
    private Tools() {
    }

    public static byte[] run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is not installed (run bin/setup): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + rc + ": " + Files.readString(err));
        }
        return out;
    }
}
