package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.store.BaseSnapshot;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Boots a base image, waits until it is idle, and stores its memory snapshot (and disk) as a base. */
final class BaseCreateCommand implements Command {
    @Override
    public String name() {
        return "base create";
    }

    @Override
    public String summary() {
        return "boot a base image, wait until it is idle, store its memory snapshot and disk as a base";
    }

    @Override
    public String synopsis() {
        return "--name NAME (--guest DIR | --kernel FILE --initrd FILE [--disk IMG] [--append ARGS]) [--memory-mib MIB] "
                + "[--idle-mbps R] [--idle-timeout-s S] [--store DIR] [--threads N]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Args.storeOption())
                .addOption(Option.builder().longOpt("name").hasArg().argName("NAME").required().desc("a name for people").get())
                .addOption(Option.builder().longOpt("guest").hasArg().argName("DIR")
                        .desc("a guest directory: vmlinuz, initrd.img and optionally disk.img (testbed/guest/build-*.sh)").get())
                .addOption(Option.builder().longOpt("kernel").hasArg().argName("FILE").desc("kernel to boot").get())
                .addOption(Option.builder().longOpt("initrd").hasArg().argName("FILE").desc("initramfs").get())
                .addOption(Option.builder().longOpt("disk").hasArg().argName("IMG").desc("raw disk image (attached read-only, stored with the base)").get())
                .addOption(Option.builder().longOpt("append").hasArg().argName("ARGS").desc("kernel command line (default console=ttyS0 quiet)").get())
                .addOption(Option.builder().longOpt("memory-mib").hasArg().argName("MIB").desc("guest memory (default 256); VMs handed off against this base should have the same").get())
                .addOption(Option.builder().longOpt("idle-mbps").hasArg().argName("R").desc("the guest is idle when QEMU measures a dirty rate ≤ R MB/s twice in a row (default 1)").get())
                .addOption(Option.builder().longOpt("idle-timeout-s").hasArg().argName("S").desc("give up if not idle after S seconds (default 600)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("index-building threads (default: the cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        int memory = Args.intValue(line, "memory-mib", 256, 32, 1 << 20);
        QemuVm.Spec spec;
        if (line.hasOption("guest")) {
            Path dir = Path.of(line.getOptionValue("guest"));
            if (!Files.isRegularFile(dir.resolve("vmlinuz")) || !Files.isRegularFile(dir.resolve("initrd.img"))) {
                throw new UsageException("--guest " + dir + ": expected vmlinuz and initrd.img in it");
            }
            spec = QemuVm.Spec.of(dir, memory);
        } else {
            Path kernel = Args.existingFile(line, "kernel");
            Path initrd = Args.existingFile(line, "initrd");
            if (kernel == null || initrd == null) {
                throw new UsageException("give --guest DIR, or --kernel and --initrd");
            }
            spec = new QemuVm.Spec(kernel, initrd, Args.existingFile(line, "disk"), false,
                    line.getOptionValue("append", "console=ttyS0 quiet"), memory, "tcg", List.of(), List.of());
        }
        double idle;
        try {
            idle = Double.parseDouble(line.getOptionValue("idle-mbps", "1"));
        } catch (NumberFormatException e) {
            throw new UsageException("--idle-mbps: not a number");
        }
        Duration timeout = Duration.ofSeconds(Args.intValue(line, "idle-timeout-s", 600, 10, 86_400));
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        BaseStore store = Args.store(line);
        StoredBase b = BaseSnapshot.create(store, line.getOptionValue("name"), new BaseSnapshot.Settings(spec, idle, timeout),
                true, threads, out);
        out.printf("base %s (%s) in %s%n", b.id(), b.name(), store.dir());
        return Main.OK;
    }
}
