package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.adapt.ModePolicy;
import org.cloudlet.handoff.qemu.MigrationCapabilities;
import org.cloudlet.handoff.qemu.MonitorSource;
import org.cloudlet.handoff.qemu.QemuMonitor;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.stream.MigrationStreamReader;
import org.cloudlet.handoff.stream.DigestingHandler;
import org.cloudlet.handoff.stream.MigrationStreamHandler;
import org.cloudlet.handoff.stream.PageShuffler;
import org.cloudlet.handoff.stream.StreamDigest;
import org.cloudlet.handoff.stream.StreamToPipeline;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.source.TrackedDiskSource;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One handoff, source side: QEMU's migration connection in, the peer daemon out. QEMU's stream goes through the
 * reduction pipeline to the peer; the destination QEMU's return-path bytes come back and are written to QEMU.
 * Nothing is buffered beyond the pipeline's bounded queues and the sockets, so QEMU sees the real rate. On any
 * failure both connections are closed: QEMU then fails the migration and its VM keeps running.
 */
final class SourceSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(SourceSession.class.getName());

    private final Socket qemu;
    private final InetSocketAddress peer;
    private final int destinationPort;
    private final PipelineConfig config;
    private final ModePolicy modes;
    /** What can be learnt of the source VM: its QEMU's monitor (iteration control), its base. */
    private final SourceVmLocator vms;
    private final AtomicLong acked = new AtomicLong();
    private volatile PeerLoad peerLoad;
    /** Kernel socket buffer: small, the ack window does the pacing. */
    static final int SOCKET_BUFFER = 256 * 1024;
    /**
     * Receive buffer of QEMU's local connection: small, since what QEMU has written counts as sent in its rate
     * estimate (and its own send buffer grows with this window). Loopback needs little to run at full speed.
     */
    static final int QEMU_SOCKET_BUFFER = 64 * 1024;
    private volatile AckWindow windowed;
    /** The destination counts the hello too; the window counts only the handoff stream. */
    private static final long HELLO_BYTES = 4 + 2 + 2 + PeerProtocol.BASE_ID;
    private volatile boolean done;

    private final BaseCatalog bases;
    /** The base this handoff took from the catalog (null: none), given back when it ends. */
    private Base held;
    private final Path diskOverlay;
    private final SessionStatus status;
    /** Why the capability check ended the handoff (null: it did not). */
    private volatile String refused;

    SourceSession(Socket qemu, InetSocketAddress peer, int destinationPort, SourceVmLocator vms, PipelineConfig config, ModePolicy modes, BaseCatalog bases,
                  Path diskOverlay, SessionStatus status) {
        this.status = status;
        this.bases = bases;
        this.diskOverlay = diskOverlay;
        this.qemu = qemu;
        this.peer = peer;
        this.destinationPort = destinationPort;
        this.config = config;
        this.modes = modes;
        this.vms = vms;
    }

    @Override
    public void run() {
        String name = "handoff to " + peer + " (destination QEMU port " + destinationPort + ")";
        try (Socket qemuSocket = qemu; Socket peerSocket = new Socket()) {
            long accepted = System.nanoTime();
            SourceVm vm = vms.locate(qemuSocket);
            MonitorSource monitor = vm.monitor();
            checkCarried(name, monitor, qemuSocket, peerSocket);
            long asked = System.nanoTime();
            peerSocket.setSendBufferSize(SOCKET_BUFFER);
            peerSocket.connect(peer, 10_000);
            peerSocket.setTcpNoDelay(true);
            DataOutputStream peerOut = new DataOutputStream(peerSocket.getOutputStream());
            DataInputStream peerIn = new DataInputStream(new BufferedInputStream(peerSocket.getInputStream()));
            Base base = offered(vm.baseId());
            held = base;
            new PeerProtocol.Hello(destinationPort, base == null ? StreamDecoder.NO_BASE : base.id()).write(peerOut);
            PeerProtocol.Reply reply = PeerProtocol.Reply.read(peerIn);
            if (reply.status() != PeerProtocol.ACCEPT) {
                throw new IOException("the destination refused the handoff: " + reply.text());
            }
            Base use;
            if (Arrays.equals(reply.baseId(), StreamDecoder.NO_BASE)) {
                use = null; // no shared base: everything crosses
            } else if (base != null && Arrays.equals(reply.baseId(), base.id())) {
                use = base;
            } else {
                throw new IOException("the destination chose a base this source did not offer");
            }
            PeerLoad peerLoad = PeerLoad.of(reply);
            this.peerLoad = peerLoad;
            if (peerLoad.share() > 0) {
                LOG.info(String.format("%s: the destination runs on this host, %.0f %% of its CPUs are this daemon's: its CPU counts against ours",
                        name, 100 * peerLoad.share()));
            }
            // Where a slow start went (seen: 5-6 s between QEMU's migrate and this line in a fifth of the testbed's runs).
            LOG.info(String.format("%s: started, %s (the source VM found in %d ms, the destination answered in %d ms)", name, reply.text(),
                    (asked - accepted) / 1_000_000, (System.nanoTime() - asked) / 1_000_000));
            Thread returns = new Thread(() -> relayReturnPath(peerIn, qemuSocket), "handoff-return-path");
            returns.setDaemon(true);
            returns.start();

            CountingInputStream fromQemu = new CountingInputStream(qemuSocket.getInputStream());
            InputStream qemuIn = DebugTee.source(fromQemu);
            AckWindow wire = new AckWindow(peerSocket.getOutputStream(), new WindowSizer(DestinationSession.ACK_INTERVAL_NANOS)); // unbuffered: every frame leaves at once
            windowed = wire;
            LinkBacklog backlog = new LinkBacklog(wire, "handoff-link-writer");
            StreamDigest digest = new StreamDigest();
            long modified = 0;
            long diskWire = 0;
            Path traceFile = null;
            String items = "";
            Path overlay = diskOverlay != null ? diskOverlay : vm.diskOverlay().orElse(null); // configured, else the VM's own
            if (overlay != null) {
                LOG.info(name + ": the VM's disk changes go along, from overlay " + overlay);
            }
            try (TrackedDiskSource disk = overlay == null ? null : TrackedDiskSource.open(overlay)) {
                ModeSwitch mode = new ModeSwitch(modes.initial());
                StreamToPipeline source = new StreamToPipeline(config, use, mode, backlog, disk);
                PipelineSessionCounters counters = new PipelineSessionCounters(source, acked::get, wire, peerLoad);
                try (SessionTrace trace = SessionTrace.start(fromQemu::count,
                        () -> source.pipeline() == null ? 0 : source.pipeline().bytesWritten(), wire::written, acked::get, wire::window,
                        wire::linkBandwidth);
                     Adaptation adaptation = Adaptation.start(modes, config, mode, counters);
                     QmpSteering steering = QmpSteering.start(monitor, counters, adaptation::iterationControl, adaptation.backlogOnceSettled(backlog::allow),
                             adaptation::switchover, status)) {
                    status.running(fromQemu::count, acked::get, () -> mode.current().toString());
                    MigrationStreamHandler pages = config.shuffleWindow() == 0 ? source
                            : new PageShuffler(source, ChunkOrder.shuffled(System.nanoTime()), config.shuffleWindow());
                    new MigrationStreamReader(qemuIn, new DigestingHandler(pages, digest)).run();
                    backlog.close(); // everything encoded is on its way before the trailer
                    modified = source.pipeline() == null ? 0 : source.pipeline().modifiedBytes();
                    diskWire = source.pipeline() == null ? 0 : source.pipeline().diskBytesWritten();
                    items = source.pipeline() == null ? "" : source.pipeline().tally().describe();
                    traceFile = adaptation.traceFile();
                } finally {
                    if (source.pipeline() != null) {
                        source.pipeline().close();
                    }
                    backlog.abort(); // a no-op once closed; else the writer thread stops
                }
            }
            new PeerProtocol.Trailer(digest.value()).write(peerOut);
            peerSocket.shutdownOutput();
            returns.join(); // until the destination has finished and QEMU closed the return path
            status.complete(modified, traceFile == null ? null : traceFile.toString());
            LOG.info(name + ": complete, " + acked.get() + " bytes acknowledged, modified state " + modified + " bytes"
                    + (overlay == null ? "" : ", disk " + diskWire + " bytes on the wire") + "; items before compression: " + items);
        } catch (IOException | RuntimeException e) {
            String why = refused != null ? refused : String.valueOf(e.getMessage()); // the sockets were closed for it
            status.failed(why);
            LOG.log(Level.WARNING, name + " failed: " + why, e);
        } catch (InterruptedException e) {
            status.failed("interrupted");
            Thread.currentThread().interrupt();
        } finally {
            bases.release(held);
        }
    }

    /**
     * Asks QEMU's monitor, on a thread of its own, whether QEMU is set to send what the codec does not carry; if so,
     * ends the handoff naming the capability (closing both connections: the stream and the destination stop at once).
     * Beside the destination's handshake and the stream, not before them: QEMU answers its monitor late while its vCPUs
     * or its migration thread hold the lock, and QEMU's stream waited on the answer (seen: 0.3-3.6 s in the
     * testbed's handoffs, once 17.5 s, all of it in the handoff's time).
     */
    private void checkCarried(String name, MonitorSource monitor, Socket qemuSocket, Socket peerSocket) {
        if (monitor == null) {
            return;
        }
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                refuseUncarried(monitor);
                LOG.info(String.format("%s: QEMU's migration capabilities read in %d ms", name, (System.nanoTime() - start) / 1_000_000));
            } catch (IOException e) {
                refused = e.getMessage();
                closeQuietly(qemuSocket);
                closeQuietly(peerSocket);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "handoff-capabilities");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing to stop the session: nothing more to do
        }
    }

    /**
     * Refuses the handoff, naming the capability, when QEMU is set to send what the codec does not carry. Without a
     * monitor (or if it does not answer) the stream reader still refuses such a stream where it shows.
     */
    private static void refuseUncarried(MonitorSource monitor) throws IOException, InterruptedException {
        if (monitor == null) {
            return;
        }
        Optional<String> uncarried;
        try (QemuMonitor qmp = monitor.open()) {
            uncarried = MigrationCapabilities.uncarried(qmp.execute("query-migrate-capabilities"));
        } catch (IOException e) {
            LOG.warning("QEMU's migration capabilities: " + monitor + ": " + e.getMessage() + "; the stream is checked as it comes");
            return;
        }
        if (uncarried.isPresent()) {
            throw new IOException("QEMU has migration capability " + uncarried.get() + ", which the handoff does not carry: "
                    + "migrate without it (no --compressed, --parallel or --postcopy)");
        }
    }

    /** The base the VM says it was started from (found in this cloudlet's store), else the daemon's own. */
    private Base offered(Optional<String> named) throws IOException {
        if (named.isEmpty()) {
            return bases.offered();
        }
        Base b = named.get().matches("[0-9a-f]{64}") ? bases.byId(java.util.HexFormat.of().parseHex(named.get())) : null;
        if (b == null) {
            LOG.warning("the VM names base " + named.get() + ", which this cloudlet's store does not hold: everything is sent");
        }
        return b;
    }

    /** Destination messages: return-path bytes to QEMU, acknowledgements, completion or failure. */
    private void relayReturnPath(DataInputStream peerIn, Socket qemuSocket) {
        try {
            relay(peerIn, qemuSocket);
        } finally {
            AckWindow w = windowed;
            if (w != null) {
                w.release(); // no more acknowledgements will come
            }
        }
    }

    private void relay(DataInputStream peerIn, Socket qemuSocket) {
        try {
            OutputStream toQemu = qemuSocket.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int type = peerIn.read();
                if (type < 0) {
                    return;
                }
                int len = peerIn.readInt();
                if (len < 0 || len > PeerProtocol.MAX_MESSAGE) {
                    throw new IOException("peer message of " + len + " bytes");
                }
                if (len > buf.length) {
                    buf = new byte[len];
                }
                peerIn.readFully(buf, 0, len);
                switch (type) {
                    case PeerProtocol.MSG_RETURN_PATH -> {
                        toQemu.write(buf, 0, len);
                        toQemu.flush();
                    }
                    case PeerProtocol.MSG_ACK -> {
                        java.nio.ByteBuffer ack = java.nio.ByteBuffer.wrap(buf, 0, len);
                        long n = ack.getLong();
                        acked.set(n);
                        PeerLoad load = peerLoad;
                        if (load != null && len >= 32) {
                            load.reported(ack.getLong(), ack.getLong(), ack.getLong(), System.nanoTime());
                        }
                        AckWindow w = windowed;
                        if (w != null) {
                            w.acknowledged(n - HELLO_BYTES, load != null && load.holding());
                        }
                    }
                    case PeerProtocol.MSG_DONE -> done = true;
                    case PeerProtocol.MSG_ERROR -> throw new IOException("destination: " + new String(buf, 0, len, StandardCharsets.UTF_8));
                    default -> throw new IOException("unknown peer message type " + type);
                }
            }
        } catch (IOException e) {
            AckWindow w = windowed;
            if (w != null) {
                w.release();
            }
            if (!done) {
                LOG.warning("handoff return path: " + e.getMessage());
                try {
                    qemuSocket.close(); // QEMU fails the migration; the VM keeps running on the source
                } catch (IOException ignored) {
                    // closing is all we can do
                }
            }
        }
    }
}
