package org.cloudlet.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.net.ControlSocket;
import org.cloudlet.handoff.store.StoreCatalog;
import org.cloudlet.handoff.store.StoredBase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's side of {@link ThroughDaemon}: runs a {@code handoff base …} command line on the daemon's store and
 * answers with its exit status and output. A deletion goes through the daemon's catalog, which refuses a base in use.
 */
final class DaemonBaseCommands implements ControlSocket.Handler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StoreCatalog catalog;

    DaemonBaseCommands(StoreCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public ObjectNode handle(ObjectNode request) throws Exception {
        if (!request.path("op").asText().equals("base") || !request.path("args").isArray() || request.path("args").isEmpty()) {
            return ControlSocket.error("unknown request " + request);
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : request.path("args")) {
            args.add(a.asText());
        }
        if (args.contains("--store")) {
            return ControlSocket.error("the daemon works on its own store; give --store to the command, not to the daemon");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        if (args.get(0).equals("delete") && args.size() == 2 && !args.get(1).startsWith("-")) {
            StoredBase b = catalog.store().find(args.get(1));
            catalog.delete(b);
            out.writeBytes(String.format("deleted base %s (%s)%n", b.id(), b.name()).getBytes(StandardCharsets.UTF_8));
            status = Main.OK;
        } else {
            List<String> line = new ArrayList<>(List.of("base"));
            line.addAll(args);
            line.addAll(List.of("--store", catalog.store().dir().toString()));
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = new Main(o, e).run(line.toArray(String[]::new));
            }
        }
        return JSON.createObjectNode().put("status", status).put("out", out.toString(StandardCharsets.UTF_8))
                .put("err", err.toString(StandardCharsets.UTF_8));
    }
}
