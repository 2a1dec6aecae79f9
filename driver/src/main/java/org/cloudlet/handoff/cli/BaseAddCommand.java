package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts an already recorded snapshot (and its disk image) into the store. */
final class BaseAddCommand implements Command {
    @Override
    public String name() {
        return "base add";
    }

    @Override
    public String summary() {
        return "add a recorded base (memory snapshot stream, optional disk image) to the base store";
    }

    @Override
    public String synopsis() {
        return "--name NAME --memory STREAM [--disk IMG] [--store DIR] [--threads N]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder().longOpt("name").hasArg().argName("NAME").required().desc("a name for people").get())
                .addOption(Option.builder().longOpt("memory").hasArg().argName("STREAM").required()
                        .desc("the base VM's memory: a QEMU migration stream (migrate \"exec:cat > FILE\")").get())
                .addOption(Option.builder().longOpt("disk").hasArg().argName("IMG").desc("the base VM's raw disk image").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("index-building threads (default: the cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path memory = Args.existingFile(line, "memory");
        Path disk = Args.existingFile(line, "disk");
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        BaseStore store = Args.store(line);
        Path staging = store.stage();
        Files.copy(memory, staging.resolve(BaseStore.MEMORY));
        if (disk != null) {
            Files.copy(disk, staging.resolve(BaseStore.DISK));
        }
        StoredBase b = store.commit(staging, line.getOptionValue("name"), null, threads);
        out.printf("base %s (%s) in %s%n", b.id(), b.name(), store.dir());
        return Main.OK;
    }
}
