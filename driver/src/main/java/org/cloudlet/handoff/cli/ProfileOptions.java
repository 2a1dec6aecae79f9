package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.ArrayList;
import java.util.List;

/** The options {@code handoff profile} and {@code handoff profile build} share: which modes, at which worker counts. */
final class ProfileOptions {
    private ProfileOptions() {
    }

    /** {@code --modes}: comma-separated mode names, or {@code all} (the default). */
    static List<Mode> modes(CommandLine line) throws UsageException {
        String list = line.getOptionValue("modes", "all");
        if (list.equals("all")) {
            return Mode.all();
        }
        List<Mode> modes = new ArrayList<>();
        try {
            for (String m : list.split(",")) {
                modes.add(Mode.parse(m));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--modes: " + e.getMessage());
        }
        return modes;
    }

    /** {@code --threads}: comma-separated worker counts. */
    static List<Integer> threads(CommandLine line, String defaultList) throws UsageException {
        List<Integer> threads = new ArrayList<>();
        for (String t : line.getOptionValue("threads", defaultList).split(",")) {
            try {
                threads.add(Integer.parseInt(t.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--threads " + t + ": not a number");
            }
        }
        return threads;
    }
}
