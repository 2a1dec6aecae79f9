package org.cloudlet.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.net.ControlSocket;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A {@code handoff base …} command run by the cloudlet's daemon on the daemon's store when a daemon answers on the
 * control socket (so a base in use by a handoff is not deleted under it, and the daemon sees what is imported at
 * once); with {@code --store DIR}, or with no daemon on this host, it works on the store directory itself.
 */
final class ThroughDaemon implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Options whose values are paths: the daemon has another working directory, so they travel absolute. */
    private static final Set<String> PATH_OPTIONS = Set.of("output", "guest", "kernel", "initrd", "disk", "memory");

    private final Command direct;

    ThroughDaemon(Command direct) {
        this.direct = direct;
    }

    @Override
    public String name() {
        return direct.name();
    }

    @Override
    public String summary() {
        return direct.summary();
    }

    @Override
    public String synopsis() {
        return direct.synopsis() + " [--control SOCKET]";
    }

    @Override
    public int arguments() {
        return direct.arguments();
    }

    @Override
    public Options options() {
        return direct.options().addOption(Option.builder().longOpt("control").hasArg().argName("SOCKET")
                .desc("the daemon that runs the command on its store (default " + ControlSocket.DEFAULT
                        + " when a daemon answers there; --store DIR works on a store directory instead)").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        if (line.hasOption("store") && line.hasOption("control")) {
            throw new UsageException("give --store (the store directory itself) or --control (the daemon's store), not both");
        }
        Path control = Path.of(line.getOptionValue("control", ControlSocket.DEFAULT.toString()));
        if (line.hasOption("store") || (!line.hasOption("control") && !Files.exists(control))) {
            return direct.run(line, out);
        }
        String reply;
        try {
            reply = ControlSocket.request(control, request(line));
        } catch (IOException e) {
            if (line.hasOption("control")) {
                throw e;
            }
            System.err.println("handoff " + name() + ": " + e.getMessage() + "; working on the store directory itself");
            return direct.run(line, out);
        }
        JsonNode r = JSON.readTree(reply);
        if (r.has("error")) {
            throw new IOException(r.path("error").asText());
        }
        out.print(r.path("out").asText());
        System.err.print(r.path("err").asText());
        return r.path("status").asInt(Main.FAILED);
    }

    /** {@code {"op":"base","args":[SUB-COMMAND, options…, arguments…]}}, paths made absolute. */
    private ObjectNode request(CommandLine line) {
        ObjectNode req = JSON.createObjectNode().put("op", "base");
        ArrayNode args = req.putArray("args");
        args.add(name().substring("base ".length()));
        for (Option o : line.getOptions()) {
            if (o.getLongOpt() != null && o.getLongOpt().equals("control")) {
                continue;
            }
            args.add(o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt());
            if (o.hasArg()) {
                boolean path = PATH_OPTIONS.contains(o.getLongOpt());
                args.add(path ? Path.of(o.getValue()).toAbsolutePath().toString() : o.getValue());
            }
        }
        List<String> positional = line.getArgList();
        for (String a : positional) { // import's FILE is a path; an id or name is not, but may look like one
            args.add(name().equals("base import") ? Path.of(a).toAbsolutePath().toString() : a);
        }
        return req;
    }
}
