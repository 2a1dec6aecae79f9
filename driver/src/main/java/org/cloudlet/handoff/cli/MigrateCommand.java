package org.cloudlet.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.libvirt.LibvirtMigration;
import org.cloudlet.handoff.net.ControlSocket;
import org.cloudlet.handoff.report.TraceReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code handoff migrate DOMAIN --to URI}: a live migration through libvirt (what {@code virsh migrate} does) whose
 * stream the local handoff daemon carries; shows the daemon's side of it while it runs and sums it up at the end.
 */
final class MigrateCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 500;
    /** Without a terminal, a progress line this often. */
    private static final long LOG_EVERY_MILLIS = 5000;

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String summary() {
        return "move a running libvirt domain to another cloudlet through the handoff daemons (like virsh migrate --live)";
    }

    @Override
    public String synopsis() {
        return "DOMAIN --to qemu+tcp://DEST/system [--connect URI] [--migrate-uri tcp://127.0.0.1] [--listen-address ADDR] "
                + "[--control PATH] [--trace FILE] [--report FILE.png|.svg|.html]";
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("to").hasArg().argName("URI").required()
                        .desc("the destination cloudlet's libvirt, e.g. qemu+tcp://10.0.0.2/system").get())
                .addOption(Option.builder().longOpt("connect").hasArg().argName("URI").desc("this cloudlet's libvirt (default qemu:///system)").get())
                .addOption(Option.builder().longOpt("migrate-uri").hasArg().argName("URI")
                        .desc("where the source libvirt sends the stream: this cloudlet's daemon, which routes the port the "
                                + "destination picks (default tcp://127.0.0.1)").get())
                .addOption(Option.builder().longOpt("listen-address").hasArg().argName("ADDR")
                        .desc("where the destination QEMU listens, for its daemon (default 127.0.0.1)").get())
                .addOption(Option.builder().longOpt("control").hasArg().argName("PATH")
                        .desc("this cloudlet's daemon's control socket (default " + ControlSocket.DEFAULT + ")").get())
                .addOption(Option.builder().longOpt("trace").hasArg().argName("FILE")
                        .desc("keep the adaptation's trace (the daemon must run with --trace-dir)").get())
                .addOption(Option.builder().longOpt("report").hasArg().argName("FILE")
                        .desc("draw the adaptation's trace: .png, .svg, or .html (the daemon must run with --trace-dir)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        String domain = line.getArgList().get(0);
        Path control = Path.of(line.getOptionValue("control", ControlSocket.DEFAULT.toString()));
        Path traceOut = Args.outputFile(line, "trace");
        Path reportOut = Args.outputFile(line, "report");
        if (reportOut != null && !TraceReport.supports(reportOut)) {
            throw new UsageException("--report " + reportOut + ": expected a .png, .svg or .html file name");
        }
        try {
            ControlSocket.read(control);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ": run 'handoff daemon … --libvirt qemu:///system' on this cloudlet first", e);
        }
        long start = System.currentTimeMillis();
        try (LibvirtMigration migration = LibvirtMigration.start(line.getOptionValue("connect", "qemu:///system"), domain,
                line.getOptionValue("to"), line.getOptionValue("migrate-uri", "tcp://127.0.0.1"),
                line.getOptionValue("listen-address", "127.0.0.1"))) {
            Thread abortOnSignal = new Thread(() -> {
                try {
                    if (!migration.await(0)) {
                        migration.abort(); // Ctrl-C: the domain goes on running here
                        migration.await(30_000);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // exiting anyway
                }
            }, "migrate-abort");
            Runtime.getRuntime().addShutdownHook(abortOnSignal);
            out.printf("handoff migrate: %s → %s%n", domain, line.getOptionValue("to"));
            Progress progress = new Progress(out, System.console() != null);
            while (!migration.await(POLL_MILLIS)) {
                progress.show((System.currentTimeMillis() - start) / 1e3, session(control, domain, start), migration.progress());
            }
            progress.end();
            Runtime.getRuntime().removeShutdownHook(abortOnSignal);
            double total = (System.currentTimeMillis() - start) / 1e3;
            if (migration.failure() != null) {
                out.printf("handoff migrate: %s failed after %.1f s: %s (the domain runs on here)%n", domain, total, migration.failure());
                return Main.FAILED;
            }
            JsonNode s = finished(control, domain, start);
            summary(out, domain, total, migration.downtimeMillis(), s);
            keepTrace(out, s, traceOut, reportOut, domain);
            return Main.OK;
        }
    }

    /** The daemon's newest session for {@code domain} since {@code start}, or null. */
    private static JsonNode session(Path control, String domain, long start) {
        try {
            JsonNode found = null;
            for (JsonNode s : JSON.readTree(ControlSocket.read(control)).path("sessions")) {
                if (domain.equals(s.path("domain").asText()) && s.path("started_ms").asLong() >= start - 1000) {
                    found = s;
                }
            }
            return found;
        } catch (IOException e) {
            return null; // the daemon went away; libvirt goes on reporting
        }
    }

    /** The session once the daemon has closed it (shortly after libvirt's end), or as it is after 10 s. */
    private static JsonNode finished(Path control, String domain, long start) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode s;
        do {
            s = session(control, domain, start);
            if (s != null && !s.path("state").asText().equals("running") && !s.path("state").asText().equals("starting")) {
                return s;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return s;
    }

    private static void summary(PrintStream out, String domain, double total, OptionalLong downtimeMs, JsonNode s) {
        out.printf("handoff migrate: %s moved in %.1f s, downtime %s%n", domain, total,
                downtimeMs.isPresent() ? String.format(Locale.ROOT, "%.2f s", downtimeMs.getAsLong() / 1e3) : "not reported");
        if (s == null) {
            out.println("  the daemon reported no handoff for this domain (did the migration go around it? check --migrate-uri)");
            return;
        }
        long wire = s.path("acked_bytes").asLong();
        long modified = s.path("modified_bytes").asLong();
        out.printf(Locale.ROOT, "  QEMU's stream %s, on the wire %s (%.1f MB/s on average)%n", mb(s.path("qemu_bytes").asLong()), mb(wire),
                wire / 1e6 / total);
        if (modified > 0) {
            out.printf(Locale.ROOT, "  modified state %s, wire / modified = %.3f%n", mb(modified), (double) wire / modified);
        }
        out.printf("  last mode %s, QEMU iteration %d, daemon's session %s%n", s.path("mode").asText(), s.path("iteration").asLong(),
                s.path("state").asText() + (s.has("message") ? ": " + s.path("message").asText() : ""));
    }

    private static void keepTrace(PrintStream out, JsonNode s, Path traceOut, Path reportOut, String domain) throws IOException {
        if (traceOut == null && reportOut == null) {
            return;
        }
        Path trace = s == null || !s.has("trace") ? null : Path.of(s.path("trace").asText());
        if (trace == null || !Files.isRegularFile(trace)) {
            out.println("  no adaptation trace: start the daemon with --trace-dir DIR (and the adaptive mode) to keep one");
            return;
        }
        if (traceOut != null) {
            Files.copy(trace, traceOut, StandardCopyOption.REPLACE_EXISTING);
            out.println("  trace: " + traceOut);
        }
        if (reportOut != null) {
            TraceReport.write(JSON.readTree(trace.toFile()), "handoff of " + domain, reportOut);
            out.println("  report: " + reportOut);
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** One line that rewrites itself on a terminal, or a line every few seconds in a log. */
    private static final class Progress {
        private final PrintStream out;
        private final boolean terminal;
        private long lastLine;
        private double lastTime;
        private long lastWire;
        private double rate;

        Progress(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(double t, JsonNode s, Map<String, Long> job) {
            String text;
            if (s == null) {
                text = String.format(Locale.ROOT, "%6.1f s  libvirt: %s processed, iteration %d (waiting for the daemon's session)", t,
                        mb(job.getOrDefault("data_processed", 0L)), job.getOrDefault("memory_iteration", 0L));
            } else {
                long wire = s.path("acked_bytes").asLong();
                if (t > lastTime) {
                    double r = (wire - lastWire) / (t - lastTime);
                    rate = rate == 0 ? r : 0.7 * rate + 0.3 * r;
                }
                lastTime = t;
                lastWire = wire;
                text = String.format(Locale.ROOT, "%6.1f s  QEMU %s → wire %s (%.2f MB/s)  mode %s  iteration %d", t,
                        mb(s.path("qemu_bytes").asLong()), mb(wire), rate / 1e6, s.path("mode").asText(), s.path("iteration").asLong());
            }
            if (terminal) {
                out.print("\r" + text + "   ");
                out.flush();
            } else if (System.currentTimeMillis() - lastLine >= LOG_EVERY_MILLIS) {
                out.println(text);
                lastLine = System.currentTimeMillis();
            }
        }

        void end() {
            if (terminal) {
                out.println();
            }
        }
    }
}
