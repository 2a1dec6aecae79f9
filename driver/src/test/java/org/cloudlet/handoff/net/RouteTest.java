package org.cloudlet.handoff.net;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 7070);

    @Test
    void aPortToAPeerAndItsQemuPort() {
        assertEquals(List.of(new Route(4444, PEER, 4444)), Route.parse("4444=10.0.0.2:7070"));
        assertEquals(List.of(new Route(4444, PEER, 4445)), Route.parse("4444=10.0.0.2:7070/4445"));
    }

    @Test
    void aRangeRoutesEachPortToTheSamePortThere() {
        List<Route> r = Route.parse("49152-49155=10.0.0.2:7070");
        assertEquals(List.of(49152, 49153, 49154, 49155), r.stream().map(Route::localPort).toList());
        assertTrue(r.stream().allMatch(x -> x.destinationPort() == x.localPort() && x.peer().equals(PEER)), r.toString());
    }

    @Test
    void aRouteMayListenOnAnotherLoopbackAddress() throws Exception {
        List<Route> r = Route.parse("127.0.0.2:49152-49153=10.0.0.2:7070");
        java.net.InetAddress second = java.net.InetAddress.getByName("127.0.0.2");
        assertEquals(2, r.size());
        assertTrue(r.stream().allMatch(x -> x.listen().equals(second)), r.toString());
        assertEquals(java.net.InetAddress.getLoopbackAddress(), Route.parse("4444=10.0.0.2:7070").get(0).listen());
    }

    @Test
    void badRoutesSayWhatIsWrong() {
        for (String[] bad : new String[][] {{"4444", "expected [ADDR:]LOCALPORT"}, {"x=10.0.0.2:7070", "'x' is not a port"},
                {"4444=10.0.0.2:70000", "'70000' is not a port"}, {"5-4=10.0.0.2:7070", "low to high"},
                {"1-2000=10.0.0.2:7070", "1 to 1024 ports"}, {"1-2=10.0.0.2:7070/9", "no /DESTPORT"},
                {"10.0.0.1:4444=10.0.0.2:7070", "not a loopback address"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Route.parse(bad[0]));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }
}
