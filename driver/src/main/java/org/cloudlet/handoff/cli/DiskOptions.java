package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The options the {@code disk} commands share. */
final class DiskOptions {
    private DiskOptions() {
    }

    static Option base() {
        return Option.builder().longOpt("base").hasArg().argName("BASE.img").required().desc("the base disk image (raw; never written)").get();
    }

    static Option overlay() {
        return Option.builder().longOpt("overlay").hasArg().argName("DIR").required().desc("the overlay directory (created on first mount)").get();
    }

    static Option help() {
        return Option.builder("h").longOpt("help").desc("show this help").get();
    }

    /** An overlay that must already exist (commands that only read it). */
    static Path existingOverlay(CommandLine line) throws UsageException {
        Path p = Path.of(line.getOptionValue("overlay"));
        if (!Files.isRegularFile(p.resolve("overlay.journal"))) {
            throw new UsageException("--overlay " + p + ": not an overlay directory (no overlay.journal; mount a disk with it first)");
        }
        return p;
    }
}
