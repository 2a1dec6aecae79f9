package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.net.ControlSocket;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoreCatalog;
import org.cloudlet.handoff.store.StoredBase;
import org.cloudlet.handoff.stream.QemuStreamBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff base …} run by a daemon on its store through the control socket, as the daemon command wires it. */
class BaseThroughDaemonTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private StoredBase add(BaseStore store, String name, int seed) throws IOException {
        Path staging = store.stage();
        byte[] page = new byte[4096];
        new java.util.Random(seed).nextBytes(page);
        Files.write(staging.resolve(BaseStore.MEMORY), new QemuStreamBuilder().header().ramStart(2, "pc.ram", 2L * 4096).part(2)
                .page("pc.ram", 0, page).zero("pc.ram", 4096).eos().footer(2).deviceStateAndEof().bytes());
        return store.commit(staging, name, null, 1);
    }

    @Test
    void listImportExportAndDeleteGoThroughTheDaemonWhichKeepsABaseInUse() throws Exception {
        BaseStore daemonStore = new BaseStore(dir.resolve("daemon-store"));
        StoredBase used = add(daemonStore, "in-use", 1);
        BaseStore other = new BaseStore(dir.resolve("other-store"));
        StoredBase shipped = add(other, "shipped", 2);
        Path sock = dir.resolve("d.sock");
        try (StoreCatalog catalog = new StoreCatalog(daemonStore, null, 1); ControlSocket control = ControlSocket.open(sock)) {
            control.handle(new DaemonBaseCommands(catalog));

            assertEquals(0, cli("base", "list", "--control", sock.toString(), "--ids"), err.toString());
            assertEquals(used.id() + "\n", out.toString());

            Path archive = dir.resolve("shipped.tar");
            assertEquals(0, cli("base", "export", shipped.id(), "-o", archive.toString(), "--store", other.dir().toString()), err.toString());
            assertEquals(0, cli("base", "import", archive.toString(), "--control", sock.toString()), err.toString());
            assertNotNull(daemonStore.byId(shipped.id()), "imported into the daemon's store");
            Path again = dir.resolve("again.tar");
            assertEquals(0, cli("base", "export", "shipped", "-o", again.toString(), "--control", sock.toString()), err.toString());
            assertTrue(out.toString().contains(shipped.id()) && Files.size(again) > 0, out.toString());

            Base open = catalog.byId(java.util.HexFormat.of().parseHex(used.id())); // a handoff is using it
            assertEquals(Main.FAILED, cli("base", "delete", "in-use", "--control", sock.toString()));
            assertTrue(err.toString().contains("in use by 1 handoff"), err.toString());
            assertNotNull(daemonStore.byId(used.id()));
            catalog.release(open); // the handoff ended
            assertEquals(0, cli("base", "delete", "in-use", "--control", sock.toString()), err.toString());
            assertTrue(out.toString().startsWith("deleted base " + used.id()), out.toString());
            assertNull(daemonStore.byId(used.id()));
            assertNull(catalog.byId(java.util.HexFormat.of().parseHex(used.id())), "the daemon forgot it too");

            assertEquals(Main.USAGE, cli("base", "list", "--control", sock.toString(), "--store", other.dir().toString()));
        }
        assertEquals(Main.FAILED, cli("base", "list", "--control", sock.toString()), "no daemon there any more");
        assertTrue(err.toString().contains("no handoff daemon answers"), err.toString());
        assertFalse(Files.exists(sock));
    }
}
