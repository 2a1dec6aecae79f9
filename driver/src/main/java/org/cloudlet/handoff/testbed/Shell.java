package org.cloudlet.handoff.testbed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs the host's network tools (ip, tc) and fails with their own message. */
final class Shell {
    private Shell() {
    }

    static String run(String... command) throws IOException {
        return run(List.of(command), true);
    }

    static String tryRun(String... command) {
        try {
            return run(List.of(command), false);
        } catch (IOException e) {
            return "";
        }
    }

    private static String run(List<String> command, boolean check) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            int rc = p.waitFor();
            if (check && rc != 0) {
                throw new IOException(String.join(" ", command) + " exited " + rc + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
        return out;
    }
}
