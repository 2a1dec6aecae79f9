package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.disk.TrackerMount;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code handoff disk mount}: serves a tracked disk until it is unmounted or the process is signalled. */
final class DiskMountCommand implements Command {
    @Override
    public String name() {
        return "disk mount";
    }

    @Override
    public String summary() {
        return "expose MOUNTDIR/disk.img: the base image plus a copy-on-write overlay that records every changed 4 KiB chunk";
    }

    @Override
    public String synopsis() {
        return "--base BASE.img --overlay DIR [--allow-other] MOUNTDIR";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options().addOption(DiskOptions.base()).addOption(DiskOptions.overlay())
                .addOption(Option.builder().longOpt("allow-other").desc("let other users open the disk (QEMU run by libvirt)").get())
                .addOption(DiskOptions.help());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path base = Args.existingFile(line, "base");
        Path mountPoint = Path.of(line.getArgList().get(0));
        out.println("serving " + mountPoint.resolve("disk.img") + " (base " + base + ", overlay " + line.getOptionValue("overlay")
                + "); stop with fusermount -u " + mountPoint + " or a signal");
        out.flush();
        TrackerMount.serve(base, Path.of(line.getOptionValue("overlay")), mountPoint, line.hasOption("allow-other"));
        return Main.OK;
    }
}
