package org.cloudlet.handoff.net;

import org.cloudlet.handoff.stream.StreamDigest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The daemon-to-daemon protocol of a live handoff, on one TCP connection. The only place its numbers are spelled.
 * <pre>
 * source → destination   hello  := "HOFP" u32 | version u16 | destination QEMU port u16 | offered base id [32]
 *                        then the handoff stream (docs/WIRE-FORMAT.md) to its END frame
 *                        then trailer := "HOFT" u32 | source QEMU stream length u64 | its CRC32C u32
 * destination → source   reply  := "HOFP" u32 | version u16 | status u8 (0 accept, 1 refuse)
 *                                  | base id [32] (the base it decodes against; zeros: none) | text u16-prefixed
 *                                  | host u16-prefixed (boot id; empty: unknown) | CPUs u16-prefixed (e.g. "0-3")
 *                        then messages := type u8 | length u32 | payload
 *                           'R' bytes the destination QEMU wrote on its migration socket (the return path)
 *                           'A' u64: handoff-stream bytes received so far (the source measures bandwidth)
 *                               | u64: the destination daemon's CPU nanoseconds so far (on a shared host, its
 *                               decoding takes the source's cores: the source counts it)
 *                               | u64: nanoseconds so far its reader waited for room (the destination, not the
 *                               link, held the stream up then) | u64: nanoseconds its applier waited for decoding
 *                           'D' the stream was decoded completely and handed to QEMU
 *                           'X' text: the destination failed
 * </pre>
 */
final class PeerProtocol {
    private PeerProtocol() {
    }

    static final int MAGIC = 0x484F4650; // "HOFP"
    static final int VERSION = 4; // 3: the trailer carries a StreamDigest (pages may be shuffled); 4: host, CPUs and CPU time
    static final int TRAILER_MAGIC = 0x484F4654; // "HOFT"
    static final int ACCEPT = 0;
    static final int REFUSE = 1;
    static final int BASE_ID = 32;

    static final int MSG_RETURN_PATH = 'R';
    static final int MSG_ACK = 'A';
    static final int MSG_DONE = 'D';
    static final int MSG_ERROR = 'X';
    static final int MAX_MESSAGE = 1 << 20;

    record Hello(int destinationPort, byte[] baseId) {
        void write(DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeShort(destinationPort);
            out.write(baseId);
            out.flush();
        }

        static Hello read(DataInputStream in) throws IOException {
            checkPreamble(in, "hello");
            int port = in.readUnsignedShort();
            byte[] id = in.readNBytes(BASE_ID);
            if (id.length != BASE_ID) {
                throw new IOException("peer hello cut short");
            }
            return new Hello(port, id);
        }
    }

    record Reply(int status, byte[] baseId, String text, String host, String cpus) {
        /** A reply without the destination's host and CPUs (a refusal, or where /proc cannot tell them). */
        Reply(int status, byte[] baseId, String text) {
            this(status, baseId, text, "", "");
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeByte(status);
            out.write(baseId);
            writeText(out, text);
            writeText(out, host);
            writeText(out, cpus);
            out.flush();
        }

        static Reply read(DataInputStream in) throws IOException {
            checkPreamble(in, "reply");
            int status = in.readUnsignedByte();
            byte[] id = in.readNBytes(BASE_ID);
            return new Reply(status, id, readText(in), readText(in), readText(in));
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(Math.min(t.length, 65535));
        out.write(t, 0, Math.min(t.length, 65535));
    }

    private static String readText(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        byte[] t = in.readNBytes(n);
        if (t.length != n) {
            throw new IOException("peer reply cut short");
        }
        return new String(t, StandardCharsets.UTF_8);
    }

    /** What the source QEMU sent, for the destination to compare with what it re-created. */
    /** After the END frame: the digest of the stream the source QEMU sent, for the destination to compare. */
    record Trailer(StreamDigest.Value digest) {
        void write(DataOutputStream out) throws IOException {
            out.writeInt(TRAILER_MAGIC);
            out.writeLong(digest.opaqueBytes());
            out.writeLong(digest.pages());
            out.writeInt(digest.crc32c());
            out.flush();
        }

        static Trailer read(DataInputStream in) throws IOException {
            int magic = in.readInt();
            if (magic != TRAILER_MAGIC) {
                throw new IOException(String.format("peer trailer: magic 0x%08x (expected 0x%08x \"HOFT\")", magic, TRAILER_MAGIC));
            }
            return new Trailer(new StreamDigest.Value(in.readLong(), in.readLong(), in.readInt()));
        }
    }

    private static void checkPreamble(DataInputStream in, String what) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IOException(String.format("peer %s: magic 0x%08x (expected 0x%08x \"HOFP\"): not a handoff daemon", what, magic, MAGIC));
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException("peer " + what + ": protocol version " + version + " (this daemon speaks " + VERSION + ")");
        }
    }
}
