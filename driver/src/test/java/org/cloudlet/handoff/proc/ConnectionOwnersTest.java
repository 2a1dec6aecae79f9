package org.cloudlet.handoff.proc;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionOwnersTest {
    @Test
    void findsTheProcessAtTheOtherEndOfALoopbackConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process client = new ProcessBuilder("python3", "-c", "import socket,time; s=socket.create_connection(('127.0.0.1',"
                    + server.getLocalPort() + ")); time.sleep(60)").start();
            try (Socket accepted = server.accept()) {
                ConnectionOwners owners = new ConnectionOwners();
                assertEquals(List.of(client.pid()), owners.of(accepted.getPort(), accepted.getLocalPort()));
                assertTrue(owners.of(accepted.getPort(), accepted.getLocalPort() + 1).isEmpty(), "another connection matched");
            } finally {
                client.destroyForcibly();
                client.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
