package org.cloudlet.handoff.net;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the destination's messages to the source; several threads send (return path, acks, status). */
final class MessageWriter {
    private final DataOutputStream out;

    MessageWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /**
     * One message in one write: a session that closes the socket while the ack thread sends leaves the source either a
     * whole message or none, never a type byte without its length (seen in StreamCheckTest as an EOF mid-message).
     */
    synchronized void send(int type, byte[] payload, int off, int len) throws IOException {
        byte[] m = new byte[5 + len];
        m[0] = (byte) type;
        m[1] = (byte) (len >>> 24);
        m[2] = (byte) (len >>> 16);
        m[3] = (byte) (len >>> 8);
        m[4] = (byte) len;
        System.arraycopy(payload, off, m, 5, len);
        out.write(m);
        out.flush();
    }

    /**
     * Stream bytes received so far, the daemon's CPU time, the time its reader waited for room and the time its
     * applier waited for decoding ({@link PeerProtocol}'s 'A').
     */
    void ack(long bytes, long cpuNanos, long readerHeldNanos, long decodingHeldNanos) throws IOException {
        byte[] b = java.nio.ByteBuffer.allocate(32).putLong(bytes).putLong(cpuNanos).putLong(readerHeldNanos).putLong(decodingHeldNanos).array();
        send(PeerProtocol.MSG_ACK, b, 0, b.length);
    }

    void text(int type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        send(type, b, 0, b.length);
    }
}
