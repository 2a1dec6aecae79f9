package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.disk.DiskFlattener;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code handoff disk flatten}: base + overlay as one plain raw image. */
final class DiskFlattenCommand implements Command {
    @Override
    public String name() {
        return "disk flatten";
    }

    @Override
    public String summary() {
        return "write the tracked disk (base + overlay) as one raw image; the disk must not be mounted";
    }

    @Override
    public String synopsis() {
        return "--base BASE.img --overlay DIR -o FULL.img";
    }

    @Override
    public Options options() {
        return new Options().addOption(DiskOptions.base()).addOption(DiskOptions.overlay())
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("FULL.img").required().desc("the image to write").get())
                .addOption(DiskOptions.help());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path base = Args.existingFile(line, "base");
        Path overlay = DiskOptions.existingOverlay(line);
        Path target = Args.outputFile(line, "output");
        long chunks = DiskFlattener.flatten(base, overlay, target);
        out.printf("wrote %s: base %s with %d changed chunks%n", target, base, chunks);
        return Main.OK;
    }
}
