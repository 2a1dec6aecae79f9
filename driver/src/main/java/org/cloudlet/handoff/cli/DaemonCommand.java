package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoreCatalog;
import org.cloudlet.handoff.store.StoredBase;
import org.cloudlet.handoff.net.ControlSocket;
import org.cloudlet.handoff.net.HandoffDaemon;
import org.cloudlet.handoff.net.Route;
import org.cloudlet.handoff.net.SourceVmLocator;
import org.cloudlet.handoff.libvirt.LibvirtVmLocator;
import org.cloudlet.handoff.stream.RamImages;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cloudlet.handoff.adapt.ModePolicy;
import org.cloudlet.handoff.adapt.Profile;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

final class DaemonCommand implements Command {
    @Override
    public String name() {
        return "daemon";
    }

    @Override
    public String summary() {
        return "run this cloudlet's handoff daemon: receive handoffs from peers, send local QEMU migrations to peers";
    }

    @Override
    public String synopsis() {
        return "[--listen HOST:PORT] [--route [ADDR:]LOCALPORT[-LAST]=PEERHOST:PEERPORT[/DESTPORT]]... [--store DIR] [--base ID|NAME | "
                + "--base-memory FILE] [--mode adaptive|MODE] [--profile CSV] [--trace-dir DIR] [--qmp PORT=SOCKET] [--libvirt URI] [--control PATH] [--segment-kib K] [--shuffle-window PAGES] [--threads N]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("listen").hasArg().argName("HOST:PORT")
                        .desc("where peer daemons connect (default 0.0.0.0:7070)").get())
                .addOption(Option.builder().longOpt("route").hasArgs().argName("[ADDR:]LOCALPORT[-LAST]=PEERHOST:PEERPORT[/DESTPORT]")
                        .desc("a source QEMU migrating to tcp:127.0.0.1:LOCALPORT is handed off to the daemon at PEERHOST:PEERPORT, "
                                + "which feeds the QEMU listening on its 127.0.0.1:DESTPORT (default: LOCALPORT); a range routes each "
                                + "of its ports to the same port at the peer (the peer's libvirt migration ports); ADDR: the loopback address to "
                                + "listen on (default 127.0.0.1; e.g. 127.0.0.2 where libvirt's migration_host is); repeatable").get())
                .addOption(Args.storeOption())
                .addOption(Option.builder().longOpt("base").hasArg().argName("ID|NAME")
                        .desc("the stored base this cloudlet's VMs were started from, offered to peers by source handoffs; "
                                + "as a destination the daemon decodes against any stored base a source offers").get())
                .addOption(Option.builder().longOpt("base-memory").hasArg().argName("FILE")
                        .desc("this cloudlet's base VM memory: a migration stream file of the base snapshot; a handoff whose "
                                + "peer holds the same base (same id) sends only what differs from it").get())
                .addOption(Option.builder().longOpt("disk-overlay").hasArg().argName("DIR")
                        .desc("as a source: the fuse-tracker overlay of the migrating VM's disk; its changes since the base go along "
                                + "(default: with --libvirt, the tracker mount the domain's QEMU runs on, if any)").get())
                .addOption(Option.builder().longOpt("disk-image").hasArg().argName("FILE")
                        .desc("as a destination: the disk image incoming disk changes are written to (disk.img of a fresh "
                                + "'handoff disk mount' over the same base; default: the tracker mount the destination QEMU runs on, "
                                + "if any)").get())
                .addOption(Option.builder().longOpt("mode").hasArg().argName("MODE")
                        .desc("operating mode: 'adaptive' (default: chosen live from measured cost, ratio and bandwidth, starting at "
                                + "the profile's least-R mode one core runs at twice 25 Mbit/s) or a fixed mode such as xor+zstd-1, "
                                + "xor+lzma-6").get())
                .addOption(Option.builder().longOpt("profile").hasArg().argName("CSV")
                        .desc("adaptive mode: the offline profile to scale ('handoff profile --csv' output; default: the built-in one)").get())
                .addOption(Option.builder().longOpt("trace-dir").hasArg().argName("DIR")
                        .desc("adaptive mode: write each handoff's samples and decisions to DIR/handoff-<millis>.json").get())
                .addOption(Option.builder().longOpt("qmp").hasArgs().argName("PORT=SOCKET")
                        .desc("a QMP socket of the source QEMU migrating to route PORT (QEMU takes several -qmp): the daemon "
                                + "bounds the precopy's iterations through it (repeatable)").get())
                .addOption(Option.builder().longOpt("libvirt").hasArg().argName("URI")
                        .desc("steer the source QEMU of a route without --qmp through this libvirt (e.g. qemu:///system): "
                                + "the domain is the one whose QEMU holds the migration connection (libvirt's migrations)").get())
                .addOption(Option.builder().longOpt("control").hasArg().argName("PATH")
                        .desc("the Unix socket where the daemon reports its handoffs to 'handoff migrate' (default "
                                + ControlSocket.DEFAULT + ")").get())
                .addOption(Option.builder().longOpt("segment-kib").hasArg().argName("K")
                        .desc("target size of a compressed segment in KiB (default 1024: larger compresses better, but more "
                                + "of QEMU's stream waits in the pipeline and crosses during the downtime)").get())
                .addOption(Option.builder().longOpt("shuffle-window").hasArg().argName("PAGES")
                        .desc("feed QEMU's pages to the pipeline in a random order within windows of PAGES (default "
                                + PipelineConfig.LIVE_SHUFFLE_WINDOW + "; 0: in stream order)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("workers per parallel stage (default: the cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        InetSocketAddress listen = address(line.getOptionValue("listen", "0.0.0.0:7070"));
        List<Route> routes = new ArrayList<>();
        String[] specs = line.getOptionValues("route");
        if (specs != null) {
            for (String spec : specs) {
                try {
                    for (Route r : Route.parse(spec)) {
                        if (routes.stream().anyMatch(o -> o.localPort() == r.localPort() && o.listen().equals(r.listen()))) {
                            throw new UsageException("--route " + spec + ": " + r.listen().getHostAddress() + ":" + r.localPort() + " is routed twice");
                        }
                        routes.add(r);
                    }
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--route: " + e.getMessage());
                }
            }
        }
        String[] qmps = line.getOptionValues("qmp");
        for (String q : qmps == null ? new String[0] : qmps) {
            int eq = q.indexOf('=');
            int port = eq > 0 && q.substring(0, eq).matches("\\d{1,5}") ? Integer.parseInt(q.substring(0, eq)) : -1;
            int i = 0;
            while (i < routes.size() && routes.get(i).localPort() != port) {
                i++;
            }
            if (i == routes.size() || eq == q.length() - 1) {
                throw new UsageException("--qmp " + q + ": expected PORT=SOCKET with the PORT of a --route");
            }
            routes.set(i, routes.get(i).withQmp(Path.of(q.substring(eq + 1))));
        }
        ModePolicy modes = modePolicy(line);
        int shuffle = Args.intValue(line, "shuffle-window", PipelineConfig.LIVE_SHUFFLE_WINDOW, 0, 1 << 20);
        int segmentKib = Args.intValue(line, "segment-kib", PipelineConfig.live(1).segmentSize() / 1024, 4, 8192);
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        Path baseMemory = Args.existingFile(line, "base-memory");
        if (baseMemory != null && line.hasOption("base")) {
            throw new UsageException("give --base (a stored base) or --base-memory (a snapshot file), not both");
        }
        BaseStore store = Args.store(line);
        StoredBase offered = line.hasOption("base") ? store.find(line.getOptionValue("base")) : null;
        Path controlPath = Path.of(line.getOptionValue("control", ControlSocket.DEFAULT.toString()));
        try (ControlSocket control = ControlSocket.open(controlPath);
             Base base = baseMemory == null ? null : RamImages.openBase(null, baseMemory, threads);
             StoreCatalog stored = new StoreCatalog(store, offered, threads);
             HandoffDaemon daemon = new HandoffDaemon(listen, routes, PipelineConfig.live(threads).withShuffleWindow(shuffle).withSegmentSize(segmentKib * 1024), modes, threads,
                     base != null ? BaseCatalog.of(base) : stored, disks(line), monitors(line), control)) {
            control.handle(new DaemonBaseCommands(stored)); // handoff base … on this daemon's store
            if (base != null) {
                out.printf("handoff daemon: base %s (%d RAM blocks)%n", base.idHex(), base.spaces().size());
            } else if (offered != null) {
                Base b = stored.offered(); // opened now: a broken base fails here, not in the first handoff
                out.printf("handoff daemon: base %s (%s, %d spaces); store %s%n", b.idHex(), offered.name(), b.spaces().size(), store.dir());
            } else {
                out.printf("handoff daemon: store %s (%d bases)%n", store.dir(), store.list().size());
            }
            out.printf("handoff daemon: peers connect to %s:%d%n", listen.getHostString(), daemon.peerPort());
            out.printf("handoff daemon: mode %s%n", modes.describe());
            out.printf("handoff daemon: status on %s%n", controlPath);
            if (line.hasOption("libvirt")) {
                out.printf("handoff daemon: iteration control through libvirt %s where a route has no QMP socket%n", line.getOptionValue("libvirt"));
            }
            for (int i = 0; i < routes.size(); ) {
                Route r = routes.get(i);
                int j = i + 1; // a range: consecutive ports to the same peer's same ports
                while (j < routes.size() && routes.get(j).peer().equals(r.peer()) && routes.get(j).listen().equals(r.listen())
                        && routes.get(j).localPort() == r.localPort() + (j - i)
                        && routes.get(j).destinationPort() == routes.get(j).localPort() && r.destinationPort() == r.localPort()) {
                    j++;
                }
                out.printf(j - i > 1 ? "handoff daemon: QEMU migrating to tcp:%s:%d-%d → %s, the same port there%n"
                        : "handoff daemon: QEMU migrating to tcp:%s:%d → %s, destination QEMU port %d%n", r.listen().getHostAddress(),
                        r.localPort(), j - i > 1 ? routes.get(j - 1).localPort() : r.peer(), j - i > 1 ? r.peer() : r.destinationPort());
                i = j;
            }
            out.flush();
            new CountDownLatch(1).await(); // until the process is signalled
        }
        return 0;
    }

    private static SourceVmLocator monitors(CommandLine line) {
        return line.hasOption("libvirt") ? new LibvirtVmLocator(line.getOptionValue("libvirt")) : SourceVmLocator.NONE;
    }

    private static HandoffDaemon.Disks disks(CommandLine line) throws UsageException {
        Path overlay = null;
        if (line.hasOption("disk-overlay")) {
            overlay = Path.of(line.getOptionValue("disk-overlay"));
            if (!Files.isRegularFile(overlay.resolve("overlay.journal"))) {
                throw new UsageException("--disk-overlay " + overlay + ": not a fuse-tracker overlay (no overlay.journal)");
            }
        }
        return new HandoffDaemon.Disks(overlay, Args.existingFile(line, "disk-image"));
    }

    private static InetSocketAddress address(String hostPort) throws UsageException {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new UsageException("--listen " + hostPort + ": expected HOST:PORT");
        }
    }

    static ModePolicy modePolicy(CommandLine line) throws UsageException, java.io.IOException {
        String name = line.getOptionValue("mode", "adaptive");
        Path trace = line.hasOption("trace-dir") ? Path.of(line.getOptionValue("trace-dir")) : null;
        if (!name.equals("adaptive")) {
            if (line.hasOption("profile") || trace != null) {
                throw new UsageException("--profile and --trace-dir belong to --mode adaptive, not a fixed mode (" + name + ")");
            }
            try {
                return ModePolicy.fixed(Mode.parse(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--mode: " + e.getMessage() + " (or 'adaptive')");
            }
        }
        Path csv = Args.existingFile(line, "profile");
        return ModePolicy.adaptive(csv == null ? Profile.builtIn() : Profile.load(csv)).withTraceDir(trace);
    }
}
