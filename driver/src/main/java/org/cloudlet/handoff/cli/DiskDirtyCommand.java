package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.disk.DirtyChunkMap;
import org.cloudlet.handoff.disk.DirtySets;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code handoff disk dirty}: the chunks changed since the base, or since a mark. */
final class DiskDirtyCommand implements Command {
    @Override
    public String name() {
        return "disk dirty";
    }

    @Override
    public String summary() {
        return "list the indices of the 4 KiB chunks changed since the base (or since a mark), one per line";
    }

    @Override
    public String synopsis() {
        return "--overlay DIR [--since MARK] [--count]";
    }

    @Override
    public Options options() {
        return new Options().addOption(DiskOptions.overlay())
                .addOption(Option.builder().longOpt("since").hasArg().argName("MARK").desc("only chunks written after this mark ('handoff disk mark')").get())
                .addOption(Option.builder().longOpt("count").desc("print only how many").get())
                .addOption(DiskOptions.help());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path overlay = DiskOptions.existingOverlay(line);
        DirtyChunkMap dirty = line.hasOption("since")
                ? DirtySets.sinceMark(overlay, Args.intValue(line, "since", 0, 1, Integer.MAX_VALUE))
                : DirtySets.sinceBase(overlay);
        if (line.hasOption("count")) {
            out.println(dirty.count());
        } else {
            StringBuilder b = new StringBuilder();
            dirty.forEach(c -> b.append(c).append('\n'));
            out.print(b);
        }
        return Main.OK;
    }
}
