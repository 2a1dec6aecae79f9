package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldBackOutputStreamTest {
    @Test
    void everythingButTheTailPassesUntilReleased() throws IOException {
        Random r = new Random(5);
        byte[] data = new byte[300_000];
        r.nextBytes(data);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HoldBackOutputStream h = new HoldBackOutputStream(sink, 1000);
        int at = 0;
        while (at < data.length) { // writes of every size, some larger than what is held
            int n = Math.min(data.length - at, r.nextInt(3) == 0 ? r.nextInt(5000) : r.nextInt(700));
            h.write(data, at, n);
            at += n;
            h.flush();
            assertEquals(Math.max(0, at - 1000), sink.size(), "after " + at + " bytes");
        }
        assertArrayEquals(Arrays.copyOf(data, data.length - 1000), sink.toByteArray());
        h.release();
        assertArrayEquals(data, sink.toByteArray());
        assertFalse(h.releasedEarly());
    }

    @Test
    void aQuietStreamLetsItsTailGo() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HoldBackOutputStream h = new HoldBackOutputStream(sink, 1000);
        h.write(new byte[500], 0, 500);
        assertFalse(h.releaseIfQuiet(60_000_000_000L));
        assertEquals(0, sink.size());
        Thread.sleep(20);
        assertTrue(h.releaseIfQuiet(10_000_000L));
        assertEquals(500, sink.size());
        assertTrue(h.releasedEarly());
    }
}
