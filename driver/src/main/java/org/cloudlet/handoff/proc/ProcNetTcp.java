package org.cloudlet.handoff.proc;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kernel's TCP socket table of this network namespace ({@code /proc/net/tcp} and {@code tcp6}). */
public final class ProcNetTcp {
    /** TCP_LISTEN in the table's state column. */
    public static final int LISTEN = 0x0A;

    /** One socket: its addresses, state and inode. */
    public record Entry(InetAddress local, int localPort, InetAddress remote, int remotePort, int state, long inode) {
    }

    private ProcNetTcp() {
    }

    /** Every TCP socket of the namespace, IPv4 then IPv6, from {@code proc} (normally /proc). */
    public static List<Entry> read(Path proc) throws IOException {
        List<Entry> all = new ArrayList<>();
        for (String table : new String[] {"net/tcp", "net/tcp6"}) {
            Path file = proc.resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !f[0].endsWith(":")) {
                    continue; // the header
                }
                all.add(new Entry(address(f[1]), port(f[1]), address(f[2]), port(f[2]), Integer.parseInt(f[3], 16), Long.parseLong(f[9])));
            }
        }
        return all;
    }

    /**
     * Where a process listens on loopback port {@code port} (a destination QEMU's {@code -incoming}): the loopback
     * address its socket is bound to (a libvirt host's migration_address may be 127.0.0.2), else 127.0.0.1. Never an
     * outside address: that QEMU waits for another sender.
     */
    public static InetAddress loopbackListener(int port, Path proc) {
        try {
            for (Entry e : read(proc)) {
                if (e.state() == LISTEN && e.localPort() == port && e.local().isLoopbackAddress()) {
                    return e.local();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no table to read: the usual address
        }
        return InetAddress.getLoopbackAddress();
    }

    /** The address of {@code HEX:PORT}: 4 or 16 bytes, written as 32-bit words in host (little-endian) order. */
    static InetAddress address(String addressAndPort) throws IOException {
        String hex = addressAndPort.substring(0, addressAndPort.indexOf(':'));
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return InetAddress.getByAddress(b);
    }

    private static int port(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.indexOf(':') + 1), 16);
    }
}
