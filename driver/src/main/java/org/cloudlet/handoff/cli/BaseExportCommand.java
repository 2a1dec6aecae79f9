package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.store.BaseArchive;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

final class BaseExportCommand implements Command {
    @Override
    public String name() {
        return "base export";
    }

    @Override
    public String summary() {
        return "write a stored base to one file (tar, zstd-compressed if it ends in .zst) for another cloudlet";
    }

    @Override
    public String synopsis() {
        return "ID|NAME -o FILE[.tar|.tar.zst] [--store DIR]";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("FILE").required().desc("archive to write").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path file = Args.outputFile(line, "output");
        StoredBase b = Args.store(line).find(line.getArgList().get(0));
        BaseArchive.export(b, file);
        out.printf("base %s (%s) → %s (%d MB)%n", b.id(), b.name(), file, Files.size(file) / 1_000_000);
        return Main.OK;
    }
}
