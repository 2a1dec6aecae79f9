package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.source.ChunkOrder;
import org.cloudlet.handoff.testing.Codec;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.cloudlet.handoff.wire.Frame;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.WireFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input of every sort gives an error that says what is wrong, and never an output that looks complete: the
 * previous file at the output path stays as it was and no {@code .partial} file is left behind.
 */
class DecoderFailureTest {
    private static final byte[] PREVIOUS = "previous contents".getBytes();

    @TempDir
    Path dir;
    long seed;
    TestImages images;
    byte[] stream;
    Path diskOut;
    Path memOut;

    @BeforeEach
    void encode() throws IOException {
        seed = Seeds.seed();
        images = TestImages.create(dir, seed, 128);
        Path out = dir.resolve("out.hoff");
        Codec.encode(images, Mode.parse("xor+zstd-3"), Codec.smallSegments(2), ChunkOrder.shuffled(seed), out);
        stream = Files.readAllBytes(out);
        diskOut = dir.resolve("d2");
        memOut = dir.resolve("m2");
        Files.write(diskOut, PREVIOUS);
    }

    private String decodeFails(byte[] data) throws IOException {
        Path in = dir.resolve("bad.hoff");
        Files.write(in, data);
        IOException e = assertThrows(IOException.class, () -> Codec.decode(images, in, diskOut, memOut),
                "decode accepted bad input; " + Seeds.describe(seed));
        assertArrayEquals(PREVIOUS, Files.readAllBytes(diskOut), "output overwritten; " + Seeds.describe(seed));
        assertFalse(Files.exists(memOut), "memory output created; " + Seeds.describe(seed));
        assertFalse(Files.exists(dir.resolve("d2.partial")), "partial file left; " + Seeds.describe(seed));
        assertFalse(Files.exists(dir.resolve("m2.partial")), "partial file left; " + Seeds.describe(seed));
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }

    @Test
    void intactStreamDecodes() throws IOException {
        Codec.decode(images, dir.resolve("out.hoff"), diskOut, memOut);
        assertArrayEquals(Files.readAllBytes(images.disk), Files.readAllBytes(diskOut));
    }

    @Test
    void everyCorruptedByteIsCaught() throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 40; i++) {
            byte[] bad = stream.clone();
            int at = r.nextInt(bad.length);
            bad[at] ^= (byte) (1 + r.nextInt(255));
            String m = decodeFails(bad);
            assertTrue(m.contains("offset"), "no offset in: " + m);
        }
    }

    @Test
    void everyTruncationIsCaught() throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 30; i++) {
            int len = r.nextInt(stream.length);
            assertMentions(decodeFails(Arrays.copyOf(stream, len)), "offset");
        }
        assertMentions(decodeFails(Arrays.copyOf(stream, stream.length - 1)), "truncated");
    }

    @Test
    void reorderedSegmentsAreCaught() throws IOException {
        List<Frame> frames = frames(stream);
        assertTrue(frames.size() >= 4, "need at least two segments, got " + frames.size() + " frames");
        List<Frame> swapped = new ArrayList<>(frames);
        swapped.set(1, frames.get(2));
        swapped.set(2, frames.get(1));
        assertMentions(decodeFails(join(swapped)), "segment 1 where segment 0 was expected");
    }

    @Test
    void droppedSegmentIsCaught() throws IOException {
        List<Frame> frames = new ArrayList<>(frames(stream));
        frames.remove(frames.size() - 2); // the last segment: only the END frame's counts can tell
        assertMentions(decodeFails(join(frames)), "END frame counts");
    }

    @Test
    void otherBaseIsRefused() throws IOException {
        TestImages other = TestImages.create(Files.createDirectory(dir.resolve("other")), seed + 1, 128);
        Path in = dir.resolve("out.hoff");
        IOException e = assertThrows(IOException.class, () -> Codec.decode(other, in, diskOut, memOut));
        assertMentions(e.getMessage(), "base mismatch");
        assertArrayEquals(PREVIOUS, Files.readAllBytes(diskOut));
    }

    @Test
    void unknownVersionAndMagicAreRefused() throws IOException {
        byte[] future = stream.clone();
        future[5] = (byte) (WireFormat.VERSION + 1);
        assertMentions(decodeFails(future), "unsupported wire format version " + (WireFormat.VERSION + 1));
        byte[] old = stream.clone();
        old[5] = 1;
        assertMentions(decodeFails(old), "unsupported wire format version 1");
        byte[] magic = stream.clone();
        magic[0] = 'X';
        assertMentions(decodeFails(magic), "not a handoff stream");
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] longer = Arrays.copyOf(stream, stream.length + 1);
        assertMentions(decodeFails(longer), "after the END frame");
    }

    /** A chunk altered after encoding, with the frame checksum recomputed: only the SHA-256 check can catch it. */
    @Test
    void alteredChunkWithValidChecksumIsCaughtByHash() throws IOException {
        Path out = dir.resolve("plain.hoff");
        Codec.encode(images, Mode.parse("none"), Codec.smallSegments(1), ChunkOrder.sequential(), out);
        List<Frame> frames = frames(Files.readAllBytes(out));
        Frame seg = frames.get(1);
        byte[] body = seg.body().clone();
        body[body.length - 100] ^= 0x40; // inside the last item of an uncompressed segment
        frames.set(1, new Frame(seg.type(), body, seg.offset()));
        assertMentions(decodeFails(join(frames)), "SHA-256", "expected");
    }

    private static List<Frame> frames(byte[] data) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(data));
        reader.readPreamble();
        List<Frame> out = new ArrayList<>();
        Frame f;
        do {
            f = reader.readFrame("any");
            out.add(f);
        } while (f.type() != WireFormat.FRAME_END);
        return out;
    }

    /** Preamble plus the frames, each re-framed with a correct checksum. */
    private static byte[] join(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(WireFormat.PREAMBLE_SIZE).putInt(WireFormat.MAGIC).putShort((short) WireFormat.VERSION).array());
        for (Frame f : frames) {
            ByteBuffer prefix = ByteBuffer.allocate(WireFormat.FRAME_PREFIX_SIZE).put((byte) f.type()).putInt(f.body().length);
            CRC32C crc = new CRC32C();
            crc.update(prefix.array());
            crc.update(f.body());
            out.writeBytes(prefix.array());
            out.writeBytes(f.body());
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        return out.toByteArray();
    }
}
