package org.cloudlet.handoff.disk;

import java.nio.file.Path;

/** A tracker in its own process, for tests that kill it: {@code ServeTracker BASE OVERLAY MOUNTDIR}. */
public final class ServeTracker {
    private ServeTracker() {
    }

    public static void main(String[] args) throws Exception {
        TrackerMount.serve(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), false);
    }
}
