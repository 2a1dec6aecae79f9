package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.cli.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A cloudlet's {@code handoff daemon}, run from this JVM's own class path, its output kept in a log file. */
final class DaemonProcess {
    private DaemonProcess() {
    }

    /**
     * Starts {@code handoff daemon ARGS} behind {@code prefix} (e.g. the cloudlet's namespaces, a taskset) and returns
     * once it has printed its first line; the rest of its output goes to {@code logFile}.
     */
    static Process start(List<String> prefix, List<String> args, Path logFile) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(Main.selfCommand());
        cmd.add("daemon");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "daemon-kill-on-exit"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = out.readLine();
        if (line == null || !line.startsWith("handoff daemon:")) {
            p.destroyForcibly();
            throw new IOException("the handoff daemon did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try (var w = Files.newBufferedWriter(logFile)) {
                w.write(line + "\n");
                String l;
                while ((l = out.readLine()) != null) {
                    w.write(l + "\n");
                    w.flush();
                }
            } catch (IOException ignored) {
                // the daemon is gone
            }
        }, "daemon-log");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    /** Stops a daemon, forcibly if it does not end within 5 s. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
