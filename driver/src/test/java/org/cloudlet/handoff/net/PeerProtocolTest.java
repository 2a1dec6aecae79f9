package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerProtocolTest {
    private static byte[] written(PeerProtocol.Reply r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.write(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void aReplyCarriesTheDestinationsHostAndCpus() throws IOException {
        byte[] id = new byte[PeerProtocol.BASE_ID];
        Arrays.fill(id, (byte) 7);
        PeerProtocol.Reply r = PeerProtocol.Reply.read(new DataInputStream(new ByteArrayInputStream(
                written(new PeerProtocol.Reply(PeerProtocol.ACCEPT, id, "base 0707", "boot-a", "0-1")))));
        assertEquals(PeerProtocol.ACCEPT, r.status());
        assertArrayEquals(id, r.baseId());
        assertEquals("base 0707", r.text());
        assertEquals("boot-a", r.host());
        assertEquals("0-1", r.cpus());
    }

    @Test
    void aReplyCutShortOrOfAnotherVersionIsRefused() throws IOException {
        byte[] whole = written(new PeerProtocol.Reply(PeerProtocol.ACCEPT, new byte[PeerProtocol.BASE_ID], "no shared base", "boot-a", "0-1"));
        assertThrows(IOException.class, () -> PeerProtocol.Reply.read(new DataInputStream(new ByteArrayInputStream(whole, 0, whole.length - 2))));
        byte[] old = whole.clone();
        old[5] = 3; // version 3: no host and CPUs
        IOException e = assertThrows(IOException.class, () -> PeerProtocol.Reply.read(new DataInputStream(new ByteArrayInputStream(old))));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
    }

    @Test
    void theDestinationsCpuIsCountedForTheShareOnOurCores() {
        PeerCpu cpu = new PeerCpu(0.5);
        assertEquals(0, cpu.sharedNanos(), "no report yet");
        cpu.reported(2_000_000_000L); // the daemon's CPU before this session's decoding
        cpu.reported(2_600_000_000L);
        assertEquals(300_000_000L, cpu.sharedNanos());
        PeerCpu elsewhere = new PeerCpu(0);
        elsewhere.reported(1);
        elsewhere.reported(1_000_000_000L);
        assertEquals(0, elsewhere.sharedNanos());
    }
}
