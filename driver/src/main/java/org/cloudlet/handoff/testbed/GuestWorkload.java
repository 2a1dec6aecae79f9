package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.qemu.GuestConsole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A testbed workload: a POSIX sh script copied into the guest and run as {@code sh FILE start} (it may leave
 * processes running) and later as {@code sh FILE verify} (status 0: its state is intact).
 */
final class GuestWorkload {
    private static final String IN_GUEST = "/work/workload.sh";

    private GuestWorkload() {
    }

    /** Copies {@code script} into the guest and starts it; returns what it printed, or throws if it failed. */
    static String start(GuestConsole console, Path script, Duration timeout) throws IOException {
        console.writeFile(IN_GUEST, Files.readAllBytes(script), Duration.ofSeconds(30));
        GuestConsole.Result started = console.run("sh " + IN_GUEST + " start", timeout);
        if (started.status() != 0) {
            throw new IOException("workload " + script.getFileName() + " did not start (" + started.status() + "): " + started.output());
        }
        return started.output();
    }

    /** Runs the workload's check in the guest (after the move). */
    static GuestConsole.Result verify(GuestConsole console, Duration timeout) throws IOException {
        return console.run("sh " + IN_GUEST + " verify", timeout);
    }
}
