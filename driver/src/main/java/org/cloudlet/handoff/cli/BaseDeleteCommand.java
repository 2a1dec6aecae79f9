package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;

final class BaseDeleteCommand implements Command {
    @Override
    public String name() {
        return "base delete";
    }

    @Override
    public String summary() {
        return "remove a base from the base store";
    }

    @Override
    public String synopsis() {
        return "ID|NAME [--store DIR]";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        BaseStore store = Args.store(line);
        StoredBase b = store.find(line.getArgList().get(0));
        store.delete(b);
        out.printf("deleted base %s (%s)%n", b.id(), b.name());
        return Main.OK;
    }
}
