package org.cloudlet.handoff.testing;

/** One place that picks test seeds: fixed by -Dhandoff.seed, fresh otherwise, always printed on failure. */
public final class Seeds {
    private Seeds() {
    }

    public static long seed() {
        String fixed = System.getProperty("handoff.seed");
        return fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    }

    public static String describe(long seed) {
        return "seed " + seed + " (rerun with -Dhandoff.seed=" + seed + ")";
    }
}
