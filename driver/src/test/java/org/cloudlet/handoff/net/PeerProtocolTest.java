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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        PeerLoad cpu = new PeerLoad(0.5);
        assertEquals(0, cpu.sharedNanos(), "no report yet");
        cpu.reported(2_000_000_000L, 0, 0, 0); // the daemon's CPU before this session's decoding
        cpu.reported(2_600_000_000L, 0, 0, 50_000_000L);
        assertEquals(300_000_000L, cpu.sharedNanos());
        PeerLoad elsewhere = new PeerLoad(0);
        elsewhere.reported(1, 0, 0, 0);
        elsewhere.reported(1_000_000_000L, 0, 0, 50_000_000L);
        assertEquals(0, elsewhere.sharedNanos());
    }

    @Test
    void theDestinationHoldsTheStreamUpWhileItsReaderWaitedHalfTheTimeBetweenAcks() {
        PeerLoad load = new PeerLoad(1);
        load.reported(0, 0, 0, 0);
        assertFalse(load.holding(), "one ack says nothing");
        load.reported(0, 30_000_000L, 0, 50_000_000L); // waited 30 of 50 ms
        assertTrue(load.holding());
        assertEquals(30_000_000L, load.heldNanos());
        load.reported(0, 40_000_000L, 0, 100_000_000L); // 10 of 50 ms
        assertFalse(load.holding());
    }

    @Test
    void anAckCarriesTheBytesTheCpuAndTheHoldUps() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MessageWriter(out).ack(1234, 5678, 90, 12);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(PeerProtocol.MSG_ACK, in.readUnsignedByte());
        assertEquals(32, in.readInt());
        assertEquals(1234, in.readLong());
        assertEquals(5678, in.readLong());
        assertEquals(90, in.readLong());
        assertEquals(12, in.readLong());
    }
}
