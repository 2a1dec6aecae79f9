package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.libvirt.QemuHook;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code handoff libvirt hook}: what libvirt's qemu hook runs ({@code hooks/qemu}, installed as
 * /etc/libvirt/hooks/qemu): prepares and releases the tracked disks of domains that have them (see {@link QemuHook}).
 */
final class LibvirtHookCommand implements Command {
    @Override
    public String name() {
        return "libvirt hook";
    }

    @Override
    public String summary() {
        return "libvirt's qemu hook (the domain XML on stdin): mount a domain's tracked disks for an incoming handoff, release them after";
    }

    @Override
    public String synopsis() {
        return "DOMAIN OPERATION SUB-OPERATION EXTRA   (as libvirt calls /etc/libvirt/hooks/qemu)";
    }

    @Override
    public int arguments() {
        return 4;
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        List<String> args = line.getArgList();
        String xml = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        // the trackers it starts run this same command line
        Optional<String> rewritten = QemuHook.configured(Main.selfCommand()).run(args.get(1), args.get(2), xml);
        rewritten.ifPresent(out::print);
        return Main.OK;
    }
}
