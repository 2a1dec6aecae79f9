package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Zero chunks take no storage; writing one chunk never shows through another, within a slab or across slabs. */
class MemorySinkTest {
    private static final int C = ChunkFormat.CHUNK_SIZE;

    @Test
    void chunksReadBackAsWrittenWhateverTheOrderOfZeroAndDataWrites() throws IOException {
        Random random = new Random(7);
        int count = 600; // three slabs of off-heap storage, the last one short
        MemorySink sink = new MemorySink(new Space(0, SpaceKind.MEMORY, "pc.ram", (long) count * C));
        byte[][] expected = new byte[count][];
        for (int round = 0; round < 6000; round++) {
            int chunk = random.nextInt(count);
            byte[] data = new byte[C];
            if (random.nextBoolean()) {
                random.nextBytes(data);
            }
            sink.write(chunk, data, 0, C);
            expected[chunk] = data;
        }
        byte[] read = new byte[C];
        for (int chunk = 0; chunk < count; chunk++) {
            if (expected[chunk] == null) {
                int c = chunk;
                assertThrows(IOException.class, () -> sink.read(c, read, C));
                continue;
            }
            sink.read(chunk, read, C);
            assertArrayEquals(expected[chunk], read, "chunk " + chunk);
        }
    }

    @Test
    void aShortLastChunkKeepsItsLength() throws IOException {
        MemorySink sink = new MemorySink(new Space(0, SpaceKind.MEMORY, "pc.ram", C + 100));
        byte[] tail = new byte[100];
        sink.write(1, tail, 0, 100);
        Arrays.fill(tail, (byte) 5);
        sink.write(1, tail, 0, 100);
        byte[] read = new byte[100];
        sink.read(1, read, 100);
        assertArrayEquals(tail, read);
    }
}
