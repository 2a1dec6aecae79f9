package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkHashes;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.rebuild.ChunkSink;
import org.cloudlet.handoff.rebuild.StreamDecoder;
import org.cloudlet.handoff.testing.Seeds;
import org.cloudlet.handoff.testing.TestImages;
import org.cloudlet.handoff.wire.StreamHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live handoff submits the same address several times (one version per iteration), sometimes back to the
 * base's bytes, with opaque stream bytes between the chunks. Whatever the parallel stages do to the order of
 * batches, the decoder must see exactly the submission order: every write, every opaque run, in place.
 */
class OrderedStreamTest {
    private static final int C = 4096;

    @TempDir
    Path dir;

    @Test
    void decoderSeesEveryWriteAndOpaqueRunInSubmissionOrder() throws Exception {
        assertEquals(0, run(0), "no previous versions kept: no PREV items");
    }

    @Test
    void pagesSentAgainGoAsDeltasAgainstTheirPreviousVersionAndRebuildInOrder() throws Exception {
        assertTrue(run(1 << 16) > 100, "edits of a page's previous version go as PREV items");
        assertTrue(run(8) > 0, "with only the 8 most recent kept, older ones go as before");
    }

    /** One seeded stream through the pipeline keeping {@code previousChunks}; returns how many PREV items it held. */
    private long run(int previousChunks) throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        TestImages t = TestImages.create(dir, seed, 128);
        byte[] baseMem = Files.readAllBytes(t.baseMemory);
        int pages = baseMem.length / C;
        Space space = new Space(0, SpaceKind.MEMORY, Base.MEMORY, (long) pages * C);

        List<String> expected = new ArrayList<>();
        List<Chunk> submissions = new ArrayList<>();
        BitSet touched = new BitSet();
        List<byte[]> sent = new ArrayList<>();
        Map<Integer, byte[]> last = new HashMap<>();
        for (int step = 0; step < 3000; step++) {
            if (rnd.nextInt(40) == 0) {
                byte[] opaque = new byte[1 + rnd.nextInt(3000)];
                rnd.nextBytes(opaque);
                opaque[0] = (byte) step;
                submissions.add(Chunk.opaque(opaque));
                expected.add("opaque " + ChunkHashes.shortHex(sha(opaque)));
                continue;
            }
            int page = rnd.nextInt(pages);
            byte[] base = Arrays.copyOfRange(baseMem, page * C, page * C + C);
            byte[] data = switch (rnd.nextInt(7)) {
                case 0 -> base.clone();                                                    // back to the base's bytes
                case 1 -> new byte[C];                                                     // zeroed
                case 2 -> sent.isEmpty() ? base.clone() : sent.get(rnd.nextInt(sent.size())).clone(); // a copy
                case 3 -> { byte[] b = base.clone(); b[rnd.nextInt(C)] ^= 1; yield b; }   // small edit
                case 4, 5 -> { // a few words of what the page held last (a page rewritten by the guest)
                    byte[] b = last.containsKey(page) ? last.get(page).clone() : base.clone();
                    for (int k = rnd.nextInt(4); k >= 0; k--) {
                        b[rnd.nextInt(C)] = (byte) rnd.nextInt();
                    }
                    yield b;
                }
                default -> { byte[] b = new byte[C]; rnd.nextBytes(b); yield b; }         // new
            };
            sent.add(data);
            last.put(page, data);
            submissions.add(new Chunk(space, page, data));
            if (Arrays.equals(data, base) && !touched.get(page)) {
                continue; // the destination's base copy already holds these bytes: nothing crosses
            }
            touched.set(page);
            expected.add("write " + page + " " + ChunkHashes.shortHex(sha(data)));
        }

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 2)) {
            StreamHeader header = new StreamHeader(C, base.id(), List.of(space));
            // Many workers, tiny batches and queues: batches overtake each other between the parallel stages.
            try (EncodePipeline p = new EncodePipeline(new PipelineConfig(4, 4, 3, 2, 2, 8 * 1024, 0, previousChunks), base, header,
                    new ModeSwitch(Mode.parse("xor+zstd-1")), stream)) {
                submissions.forEach(p::submit);
                p.finish();
            }
            List<String> seen = new ArrayList<>();
            Map<Long, byte[]> held = new HashMap<>();
            ChunkSink sink = new ChunkSink() {
                public Space space() {
                    return space;
                }

                public void write(long chunk, byte[] data, int off, int len) {
                    byte[] copy = Arrays.copyOfRange(data, off, off + len);
                    held.put(chunk, copy);
                    seen.add("write " + chunk + " " + ChunkHashes.shortHex(sha(copy)));
                }

                public void read(long chunk, byte[] dst, int len) throws IOException {
                    byte[] b = held.get(chunk);
                    if (b == null) {
                        throw new IOException("chunk " + chunk + " never written");
                    }
                    System.arraycopy(b, 0, dst, 0, len);
                }

                public void commit() {
                }

                public void abort() {
                }
            };
            var result = StreamDecoder.toSinks(base, Map.of(Base.MEMORY, (s, same) -> sink),
                            (buf, off, len) -> seen.add("opaque " + ChunkHashes.shortHex(sha(Arrays.copyOfRange(buf, off, off + len)))))
                    .threads(3).decode(new ByteArrayInputStream(stream.toByteArray()));
            assertEquals(expected.size(), seen.size(), Seeds.describe(seed));
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), seen.get(i), "event " + i + ", " + Seeds.describe(seed));
            }
            return result.items().get(org.cloudlet.handoff.chunk.ItemKind.PREV);
        }
    }

    @Test
    void aPreviousVersionDeltaOverOtherBytesThanItsOwnIsRefused() throws Exception {
        long seed = Seeds.seed();
        TestImages t = TestImages.create(dir, seed, 16);
        Space space = new Space(0, SpaceKind.MEMORY, Base.MEMORY, Files.size(t.baseMemory) / C * C);
        byte[] v1 = new byte[C];
        new Random(seed).nextBytes(v1);
        byte[] v2 = v1.clone();
        v2[100] ^= 1;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (Base base = Base.open(t.baseDisk, t.baseMemory, 1)) {
            StreamHeader header = new StreamHeader(C, base.id(), List.of(space));
            try (EncodePipeline p = new EncodePipeline(new PipelineConfig(1, 1, 1, 1, 1, 8 * 1024, 0, 16), base, header,
                    new ModeSwitch(Mode.parse("zstd-1")), stream)) {
                p.submit(new Chunk(space, 3, v1));
                p.submit(new Chunk(space, 3, v2));
                p.finish();
            }
            ChunkSink forgetful = new ChunkSink() { // loses what it was given: as if the first version never arrived
                public Space space() {
                    return space;
                }

                public void write(long chunk, byte[] data, int off, int len) {
                }

                public void read(long chunk, byte[] dst, int len) {
                    Arrays.fill(dst, 0, len, (byte) 0);
                }

                public void commit() {
                }

                public void abort() {
                }
            };
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.cloudlet.handoff.wire.WireFormatException.class,
                    () -> StreamDecoder.toSinks(base, Map.of(Base.MEMORY, (s, same) -> forgetful))
                            .decode(new ByteArrayInputStream(stream.toByteArray())));
            assertTrue(e.getMessage().contains("prev item") && e.getMessage().contains("previous version"), e.getMessage());
        }
    }

    private static byte[] sha(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
