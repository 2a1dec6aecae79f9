package org.cloudlet.handoff.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcNetTcpTest {
    @Test
    void readsAListenerOnASecondLoopbackAddressFromTheRealTable() throws Exception {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(second, 0));
            assertTrue(ProcNetTcp.read(Path.of("/proc")).stream().anyMatch(e -> e.state() == ProcNetTcp.LISTEN
                    && e.localPort() == s.getLocalPort() && e.local().equals(second)));
            // the destination daemon feeds the QEMU where it listens
            assertEquals(second, ProcNetTcp.loopbackListener(s.getLocalPort(), Path.of("/proc")));
        }
    }

    @Test
    void parsesBothTablesWordOrder(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        Files.writeString(proc.resolve("net/tcp"), header
                + "   0: 0200007F:C000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0\n");
        Files.writeString(proc.resolve("net/tcp6"), header
                + "   0: 0000000000000000FFFF00000100007F:1B9E 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1 0\n");
        var all = ProcNetTcp.read(proc);
        assertEquals(2, all.size());
        assertEquals(InetAddress.getByName("127.0.0.2"), all.get(0).local());
        assertEquals(0xC000, all.get(0).localPort());
        assertEquals(InetAddress.getByName("127.0.0.1"), all.get(1).local()); // IPv4-mapped
        assertEquals(7070, all.get(1).localPort());
        assertEquals(50000, all.get(1).remotePort());
        assertEquals(222, all.get(1).inode());
        assertEquals(InetAddress.getByName("127.0.0.2"), ProcNetTcp.loopbackListener(0xC000, proc));
        assertEquals(InetAddress.getLoopbackAddress(), ProcNetTcp.loopbackListener(1234, proc));
    }
}
