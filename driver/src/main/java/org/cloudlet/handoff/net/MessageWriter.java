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

    synchronized void send(int type, byte[] payload, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    void ack(long bytes) throws IOException {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) bytes;
            bytes >>>= 8;
        }
        send(PeerProtocol.MSG_ACK, b, 0, 8);
    }

    void text(int type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        send(type, b, 0, b.length);
    }
}
