package org.cloudlet.handoff.net;

import org.cloudlet.handoff.base.BaseCatalog;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.stream.DigestingHandler;
import org.cloudlet.handoff.stream.MigrationStreamHandler;
import org.cloudlet.handoff.stream.MigrationStreamReader;
import org.cloudlet.handoff.stream.PageShuffler;
import org.cloudlet.handoff.stream.QemuStreamBuilder;
import org.cloudlet.handoff.stream.StreamDigest;
import org.cloudlet.handoff.stream.StreamToPipeline;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.cloudlet.handoff.stream.QemuStreamFormat.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The destination re-creates the source QEMU's stream and checks it against the source's trailer before it hands
 * QEMU the end of it: a matching stream arrives whole; a mismatch leaves QEMU without the stream's end (so the
 * VM never starts) and the source is told why. A fake source and a fake destination QEMU around a real daemon.
 */
class StreamCheckTest {
    private static byte[] qemuStream() {
        Random r = new Random(9);
        QemuStreamBuilder b = new QemuStreamBuilder().header().ramStart(2, "pc.ram", 256L * PAGE_SIZE).part(2);
        for (int p = 0; p < 256; p++) {
            byte[] page = new byte[PAGE_SIZE];
            r.nextBytes(page);
            b.page("pc.ram", (long) p * PAGE_SIZE, page);
        }
        return b.eos().footer(2).deviceStateAndEof().bytes();
    }

    private record Outcome(byte[] qemuGot, int lastMessage, String text) {
    }

    private static Outcome handoff(byte[] stream, UnaryOperator<StreamDigest.Value> trailer, boolean shuffle) throws Exception {
        try (ServerSocket fakeQemu = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HandoffDaemon daemon = new HandoffDaemon(new InetSocketAddress("127.0.0.1", 0), List.of(),
                     PipelineConfig.live(2), Mode.parse("lz4"), 2, BaseCatalog.NONE)) {
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try (Socket s = fakeQemu.accept(); InputStream in = s.getInputStream()) {
                    return in.readNBytes(stream.length); // then it closes, as QEMU does once loaded
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket peer = new Socket("127.0.0.1", daemon.peerPort())) {
                DataOutputStream out = new DataOutputStream(peer.getOutputStream());
                DataInputStream in = new DataInputStream(new BufferedInputStream(peer.getInputStream()));
                new PeerProtocol.Hello(fakeQemu.getLocalPort(), StreamDecoder.NO_BASE).write(out);
                assertEquals(PeerProtocol.ACCEPT, PeerProtocol.Reply.read(in).status());
                StreamToPipeline source = new StreamToPipeline(PipelineConfig.live(2), null, new ModeSwitch(Mode.parse("lz4")), out);
                StreamDigest digest = new StreamDigest();
                MigrationStreamHandler pages = shuffle ? new PageShuffler(source, ChunkOrder.shuffled(5), 64) : source;
                new MigrationStreamReader(new ByteArrayInputStream(stream), new DigestingHandler(pages, digest)).run();
                new PeerProtocol.Trailer(trailer.apply(digest.value())).write(out);
                peer.shutdownOutput();
                int type;
                int last = -1;
                String text = "";
                while ((type = in.read()) >= 0) { // acks, then done or an error
                    byte[] body = in.readNBytes(in.readInt());
                    if (type != PeerProtocol.MSG_ACK) {
                        last = type;
                        text = new String(body, StandardCharsets.UTF_8);
                    }
                }
                return new Outcome(got.get(30, TimeUnit.SECONDS), last, text);
            }
        }
    }

    @Test
    void aStreamThatChecksOutArrivesWhole() throws Exception {
        byte[] stream = qemuStream();
        Outcome o = handoff(stream, d -> d, false);
        assertEquals(PeerProtocol.MSG_DONE, o.lastMessage(), o.text());
        assertArrayEquals(stream, o.qemuGot());
    }

    @Test
    void shuffledPagesCheckOutThoughTheBytesMoved() throws Exception {
        byte[] stream = qemuStream();
        Outcome o = handoff(stream, d -> d, true);
        assertEquals(PeerProtocol.MSG_DONE, o.lastMessage(), o.text());
        assertFalse(Arrays.equals(stream, Arrays.copyOf(o.qemuGot(), stream.length)), "the pages were not reordered");
    }

    @Test
    void aStreamThatDiffersNeverReachesItsEnd() throws Exception {
        byte[] stream = qemuStream();
        Outcome o = handoff(stream, d -> new StreamDigest.Value(d.opaqueBytes(), d.pages(), d.crc32c() ^ 1), false);
        assertEquals(PeerProtocol.MSG_ERROR, o.lastMessage());
        assertTrue(o.text().contains("differs from the one the source QEMU sent"), o.text());
        assertTrue(o.qemuGot().length <= stream.length - 60_000, "QEMU got " + o.qemuGot().length + " of " + stream.length);
        assertArrayEquals(Arrays.copyOf(stream, o.qemuGot().length), o.qemuGot());
    }
}
