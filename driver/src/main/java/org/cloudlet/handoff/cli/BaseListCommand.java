package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

final class BaseListCommand implements Command {
    @Override
    public String name() {
        return "base list";
    }

    @Override
    public String summary() {
        return "list the bases in this cloudlet's base store";
    }

    @Override
    public String synopsis() {
        return "[--store DIR] [--ids]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder().longOpt("ids").desc("print full ids only, one per line").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        BaseStore store = Args.store(line);
        List<StoredBase> bases = store.list();
        if (line.hasOption("ids")) {
            bases.forEach(b -> out.println(b.id()));
            return Main.OK;
        }
        if (bases.isEmpty()) {
            out.println("no bases in " + store.dir());
            return Main.OK;
        }
        out.printf("%-12s  %-20s  %-20s  %9s  %9s%n", "ID", "NAME", "CREATED", "MEMORY", "DISK");
        for (StoredBase b : bases) {
            out.printf("%-12s  %-20s  %-20s  %6d MB  %9s%n", b.shortId(), b.name(), b.created().toString().substring(0, 19),
                    Files.size(b.memory()) / 1_000_000, b.disk() == null ? "-" : Files.size(b.disk()) / 1_000_000 + " MB");
        }
        return Main.OK;
    }
}
