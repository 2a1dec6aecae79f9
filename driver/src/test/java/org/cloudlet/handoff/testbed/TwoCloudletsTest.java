package org.cloudlet.handoff.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testbed's link does what experiments rely on: it carries TCP between the two cloudlets at about the shaped
 * rate and with about the asked round-trip time (measured with a real TCP transfer between the namespaces).
 */
class TwoCloudletsTest {
    /** Receiver in B: reads everything, then replies with the byte count, so the sender times delivery, not queuing. */
    private static final String SERVER = """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('%s', 5001)); s.listen(1); print('ready', flush=True)
            c, _ = s.accept(); n = 0
            while True:
                b = c.recv(65536)
                if not b: break
                n += len(b)
            c.sendall(str(n).encode()); c.close()
            """.formatted(TwoCloudlets.ADDRESS_B);
    private static final String CLIENT = """
            import socket, time
            try: socket.create_connection(('%1$s', 5002))   # refused: only resolves the peer's MAC first
            except ConnectionRefusedError: pass
            t0 = time.monotonic(); c = socket.create_connection(('%1$s', 5001)); rtt = time.monotonic() - t0
            data = bytes(%2$d); t1 = time.monotonic(); c.sendall(data); c.shutdown(socket.SHUT_WR)
            n = int(c.recv(100)); t2 = time.monotonic()
            print(rtt * 1000, n * 8 / (t2 - t1) / 1e6)
            """;

    @Test
    void theLinkHasTheShapedRateAndTheAddedRoundTripTime() throws Exception {
        double[] r = transfer("10mbit", 60, 2_500_000);
        assertTrue(r[0] >= 55 && r[0] < 90, "connect took " + r[0] + " ms on a 60 ms RTT link");
        assertTrue(r[1] > 7.5 && r[1] < 10.5, r[1] + " Mbit/s on a 10 Mbit/s link");
    }

    @Test
    void withoutDelayTheLinkIsAPlainShapedVethPair() throws Exception {
        double[] r = transfer("20mbit", 0, 2_500_000);
        assertTrue(r[0] < 20, "connect took " + r[0] + " ms without added delay");
        assertTrue(r[1] > 15 && r[1] < 21, r[1] + " Mbit/s on a 20 Mbit/s link");
    }

    @Test
    void theRateCanChangeWhileTheLinkIsUp() throws Exception {
        double[] r = transfer("5mbit", 0, 2_500_000, net -> net.setRate("20mbit"));
        assertTrue(r[1] > 15 && r[1] < 21, r[1] + " Mbit/s on a link changed from 5 to 20 Mbit/s");
    }

    private interface Before {
        void on(TwoCloudlets net) throws IOException;
    }

    private static double[] transfer(String rate, int rttMs, int bytes) throws Exception {
        return transfer(rate, rttMs, bytes, net -> { });
    }

    /** @return {connect time in ms, delivered Mbit/s} */
    private static double[] transfer(String rate, int rttMs, int bytes, Before before) throws Exception {
        try (TwoCloudlets net = TwoCloudlets.create("hoft", rate, rttMs)) {
            before.on(net);
            Process server = start(net.in(false), SERVER);
            try {
                String ready = new String(server.getInputStream().readNBytes(5));
                if (!ready.equals("ready")) {
                    server.waitFor();
                    throw new IOException("server: " + ready + new String(server.getErrorStream().readAllBytes()));
                }
                Process client = start(net.in(true), CLIENT.formatted(TwoCloudlets.ADDRESS_B, bytes));
                String out = new String(client.getInputStream().readAllBytes()).strip();
                if (client.waitFor() != 0) {
                    throw new IOException("client failed: " + new String(client.getErrorStream().readAllBytes()));
                }
                String[] f = out.split(" ");
                System.out.printf("link %s, rtt %d ms: connect %s ms, %s Mbit/s%n", rate, rttMs, f[0], f[1]);
                return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1])};
            } finally {
                server.destroyForcibly();
            }
        }
    }

    private static Process start(List<String> in, String program) throws IOException {
        List<String> cmd = new ArrayList<>(in);
        cmd.addAll(List.of("python3", "-c", program));
        return new ProcessBuilder(cmd).start();
    }
}
