package org.cloudlet.handoff.segment;

import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmenterTest {
    private static final Space RAM = new Space(0, SpaceKind.MEMORY, "pc.ram", 1L << 30);

    private static Chunk chunk(long index, ItemKind kind) {
        Chunk c = new Chunk(RAM, index, new byte[4096]);
        c.hash(new byte[32]);
        c.kind(kind);
        return c;
    }

    @Test
    void referencesToTheBaseAreCutByTheWorkTheyGiveTheDecoder() {
        List<Segment> out = new ArrayList<>();
        Segmenter s = new Segmenter(64 * 1024, new ItemTally(), out::add);
        int n = 3 * Segmenter.REBUILT_PER_TARGET * 16; // 16 chunks of 4 KiB per 64 KiB target
        for (int i = 0; i < n; i++) {
            s.process(chunk(i, ItemKind.BASE_SAME));
        }
        s.finish();
        // a few bytes each on the wire, far below the target: without the bound they would all be one segment
        assertEquals(3, out.size(), "segments");
        out.forEach(seg -> assertEquals(Segmenter.REBUILT_PER_TARGET * 16, seg.itemCount()));
    }

    @Test
    void zeroChunksCostTheDecoderNothingAndDoNotCut() {
        List<Segment> out = new ArrayList<>();
        Segmenter s = new Segmenter(64 * 1024, new ItemTally(), out::add);
        int n = 4 * Segmenter.REBUILT_PER_TARGET * 16;
        for (int i = 0; i < n; i++) {
            s.process(chunk(i, ItemKind.ZERO));
        }
        s.finish();
        assertEquals(1, out.size());
        assertTrue(out.get(0).rawLength() < 64 * 1024, "zero items are small on the wire");
    }

    @Test
    void theTallySaysWhereTheSegmentsBytesWent() {
        List<Segment> out = new ArrayList<>();
        ItemTally tally = new ItemTally();
        Segmenter s = new Segmenter(64 * 1024, tally, out::add);
        for (int i = 0; i < 40; i++) {
            s.process(chunk(i, i % 4 == 0 ? ItemKind.ZERO : ItemKind.RAW));
        }
        s.finish();
        long segments = out.stream().mapToLong(Segment::rawLength).sum();
        assertEquals(segments, tally.serializedBytes(ItemKind.RAW) + tally.serializedBytes(ItemKind.ZERO));
        assertTrue(tally.serializedBytes(ItemKind.RAW) >= 30 * 4096, "raw items carry their bytes");
        assertTrue(tally.serializedBytes(ItemKind.ZERO) < 10 * 64, "zero items only their address");
        assertTrue(tally.describe().startsWith("zero 10 ("), tally.describe());
        assertTrue(tally.describe().contains("raw 30 (0.1 MB)"), tally.describe());
    }
}
