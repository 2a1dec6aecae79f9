package org.cloudlet.handoff.profile;

import org.cloudlet.handoff.pipeline.Mode;

import java.io.IOException;
import java.util.List;

/**
 * Profiles modes one after another on one dirty set: one unmeasured run first (JIT compilation and first-touch
 * page faults cost no mode), then per mode and worker count {@code warmup} unmeasured runs and the best of
 * {@code repeat} measured ones.
 */
public final class ProfileRun {
    /** Hears each mode's profile as soon as it is measured. */
    public interface Listener {
        void measured(ModeProfile p) throws IOException;
    }

    private ProfileRun() {
    }

    public static void run(ModeProfiler profiler, List<Mode> modes, List<Integer> threads, int warmup, int repeat, Listener each)
            throws IOException {
        profiler.run(Mode.parse("lz4"), threads.get(threads.size() - 1));
        for (Mode m : modes) {
            for (int t : threads) {
                for (int i = 0; i < warmup; i++) {
                    profiler.run(m, t);
                }
                ModeProfile best = null;
                for (int i = 0; i < repeat; i++) {
                    ModeProfile p = profiler.run(m, t);
                    if (best == null) {
                        best = p;
                    } else {
                        best = p.encodeWallNanos() < best.encodeWallNanos() ? p.withBestDecode(best) : best.withBestDecode(p);
                    }
                }
                each.measured(best);
            }
        }
    }
}
