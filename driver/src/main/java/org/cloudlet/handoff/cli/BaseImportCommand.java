package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.store.BaseArchive;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

final class BaseImportCommand implements Command {
    @Override
    public String name() {
        return "base import";
    }

    @Override
    public String summary() {
        return "add a base exported by another cloudlet; its contents must still have the id it was exported with";
    }

    @Override
    public String synopsis() {
        return "FILE [--store DIR] [--threads N]";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("index-building threads (default: the cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path file = Path.of(line.getArgList().get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        BaseStore store = Args.store(line);
        StoredBase b = BaseArchive.importInto(store, file, Args.intValue(line, "threads", Args.defaultThreads(), 1, 256));
        out.printf("base %s (%s) in %s%n", b.id(), b.name(), store.dir());
        return Main.OK;
    }
}
