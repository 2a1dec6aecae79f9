package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.proc.HostCpus;
import org.cloudlet.handoff.proc.ProcNetTcp;
import org.cloudlet.handoff.proc.TrackedDiskFinder;
import org.cloudlet.handoff.rebuild.HoldUps;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.stream.PipelineToStream;
import org.cloudlet.handoff.stream.StreamDigest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One handoff, destination side: the peer daemon's stream in, decoded and re-created as a migration stream for the
 * destination QEMU waiting on {@code -incoming tcp:127.0.0.1:PORT}; QEMU's return-path bytes go back to the
 * source, and the bytes received are acknowledged every 100 ms.
 */
final class DestinationSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(DestinationSession.class.getName());
    private static final long QEMU_CONNECT_MILLIS = 30_000;
    /** How often received bytes are acknowledged; the source's window covers the round trip plus this. */
    static final long ACK_INTERVAL_NANOS = 50_000_000L;
    /** The end of the re-created stream held back until the source's trailer confirms the whole (see HoldBackOutputStream). */
    private static final int HOLD_BACK = 64 * 1024;
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final Socket peer;
    private final int threads;
    private final BaseCatalog bases;
    /** The base this handoff took from the catalog (null: none), given back when it ends. */
    private Base held;
    private final Path diskImage;

    private final TrackedDiskFinder disks = new TrackedDiskFinder();
    /** How long the destination QEMU may take to accept the daemon's connection (it waits in accept: moments). */
    private static final java.time.Duration QEMU_ACCEPT = java.time.Duration.ofSeconds(3);

    /** {@code diskImage} null: the tracked disk the destination QEMU runs on, if any, gets the disk changes. */
    DestinationSession(Socket peer, int threads, BaseCatalog bases, Path diskImage) {
        this.peer = peer;
        this.threads = threads;
        this.bases = bases;
        this.diskImage = diskImage;
    }

    @Override
    public void run() {
        ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "handoff-acks");
            t.setDaemon(true);
            return t;
        });
        try (Socket peerSocket = peer) {
            peerSocket.setTcpNoDelay(true);
            CountingInputStream counted = new CountingInputStream(peerSocket.getInputStream());
            DataInputStream peerIn = new DataInputStream(new BufferedInputStream(counted, 1 << 16));
            DataOutputStream peerOut = new DataOutputStream(peerSocket.getOutputStream());
            PeerProtocol.Hello hello = PeerProtocol.Hello.read(peerIn);
            MessageWriter messages;
            long helloAt = System.nanoTime();
            try (Socket qemu = connectToQemu(hello.destinationPort())) {
                // Decode against the offered base if this cloudlet holds it; otherwise the source sends everything.
                Base use = bases.byId(hello.baseId());
                held = use;
                Path disk = diskImage != null ? diskImage : disks.ofConnectedQemu(qemu, QEMU_ACCEPT).map(TrackedDiskFinder.TrackedDisk::image).orElse(null);
                if (disk != null) {
                    LOG.info("incoming handoff: disk changes go to " + disk);
                }
                LOG.info(String.format("incoming handoff from %s: QEMU connected and base %s in %d ms", peerSocket.getRemoteSocketAddress(),
                        use == null ? "not held" : "opened", (System.nanoTime() - helloAt) / 1_000_000));
                HostCpus here = HostCpus.self();
                new PeerProtocol.Reply(PeerProtocol.ACCEPT, use == null ? StreamDecoder.NO_BASE : use.id(),
                        use == null ? "no shared base" : "base " + use.idHex(), here.host(), here.cpuList()).write(peerOut);
                messages = new MessageWriter(peerOut);
                MessageWriter m = messages;
                HoldUps heldUp = new HoldUps();
                com.sun.management.OperatingSystemMXBean cpu =
                        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                acks.scheduleAtFixedRate(() -> {
                    try {
                        m.ack(counted.count(), cpu.getProcessCpuTime(), heldUp.reader(), heldUp.decoding());
                    } catch (IOException ignored) {
                        // the session is ending
                    }
                }, ACK_INTERVAL_NANOS, ACK_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
                Thread returns = new Thread(() -> relayReturnPath(qemu, m), "handoff-return-path");
                returns.setDaemon(true);
                returns.start();
                try {
                    HoldBackOutputStream toQemu = new HoldBackOutputStream(DebugTee.destination(qemu.getOutputStream()), HOLD_BACK);
                    acks.scheduleAtFixedRate(() -> {
                        try {
                            if (toQemu.releaseIfQuiet(QUIET_NANOS)) {
                                LOG.fine("stream quiet: held bytes released before the check");
                            }
                        } catch (IOException ignored) {
                            // QEMU is gone: the decode fails on its next write
                        }
                    }, QUIET_NANOS, QUIET_NANOS / 4, TimeUnit.NANOSECONDS);
                    PipelineToStream rebuilt = new PipelineToStream(new BufferedOutputStream(toQemu, 1 << 16), disk);
                    StreamDecoder.toStream(use, rebuilt.sinks(), rebuilt).threads(threads).trailerAllowed().heldUp(heldUp).decode(peerIn);
                    rebuilt.flush();
                    PeerProtocol.Trailer sent = PeerProtocol.Trailer.read(peerIn);
                    StreamDigest.Value made = rebuilt.digest();
                    if (!made.equals(sent.digest())) {
                        throw new IOException("the re-created stream (" + made + ") differs from the one the source QEMU sent ("
                                + sent.digest() + ")" + (toQemu.releasedEarly() ? "; the destination QEMU may already have loaded it"
                                : "; the destination QEMU was not given its end"));
                    }
                    toQemu.release();
                    messages.send(PeerProtocol.MSG_DONE, new byte[0], 0, 0);
                    LOG.info("handoff from " + peerSocket.getRemoteSocketAddress() + ": " + rebuilt.pages()
                            + " pages to QEMU port " + hello.destinationPort());
                } catch (IOException | RuntimeException e) {
                    messages.text(PeerProtocol.MSG_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
                    throw e;
                }
                returns.join(); // QEMU closes its socket once the VM has taken over
                stop(acks); // before the socket closes: nothing after the last message
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "incoming handoff from " + peer.getRemoteSocketAddress() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            acks.shutdownNow();
            bases.release(held);
        }
    }

    private static void stop(ScheduledExecutorService acks) throws InterruptedException {
        acks.shutdownNow();
        acks.awaitTermination(1, TimeUnit.SECONDS);
    }

    private static Socket connectToQemu(int port) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + QEMU_CONNECT_MILLIS;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(ProcNetTcp.loopbackListener(port, Path.of("/proc")), port), 2_000);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                s.close();
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("no destination QEMU listening on a loopback address at port " + port
                            + " (start it with -incoming tcp:127.0.0.1:" + port + ")", e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void relayReturnPath(Socket qemu, MessageWriter messages) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = qemu.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                messages.send(PeerProtocol.MSG_RETURN_PATH, buf, 0, n);
            }
        } catch (IOException ignored) {
            // QEMU closed the connection: the handoff is over either way
        }
    }
}
