package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.disk.DirtySets;

import java.io.PrintStream;

/** {@code handoff disk mark}: a numbered point in the disk's history, for {@code disk dirty --since}. */
final class DiskMarkCommand implements Command {
    @Override
    public String name() {
        return "disk mark";
    }

    @Override
    public String summary() {
        return "take a numbered mark (works while mounted) and print its number";
    }

    @Override
    public String synopsis() {
        return "--overlay DIR";
    }

    @Override
    public Options options() {
        return new Options().addOption(DiskOptions.overlay()).addOption(DiskOptions.help());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        out.println(DirtySets.mark(DiskOptions.existingOverlay(line)));
        return Main.OK;
    }
}
