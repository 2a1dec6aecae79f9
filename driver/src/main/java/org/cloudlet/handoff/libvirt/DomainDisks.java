package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.disk.TrackerMount;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tracked disks the libvirt hook keeps for domains on this host: {@code DIR/DOMAIN/DEV/} holds the overlay
 * ({@code overlay/}), the mount ({@code mnt/disk.img}, the path in the domain's XML) and the tracker's log. Each
 * mount is served by a {@code handoff disk mount} process of its own, detached from the hook, so a disk outlives
 * the hook, the daemon and libvirtd restarts; unmounting ends it. An overlay is never deleted here: one that a new
 * incoming handoff would replace is moved aside ({@code overlay.replaced-TIME}).
 */
final class DomainDisks {
    /** {@code $HANDOFF_DISK_DIR}, else this. */
    static final Path DEFAULT_DIR = Path.of("/var/lib/cloudlet-handoff/disks");
    private static final long MOUNT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final List<String> handoff;

    /** {@code handoff}: how to run the handoff command line ({@code java -cp … Main}, or the installed command). */
    DomainDisks(Path dir, List<String> handoff) {
        this.dir = dir;
        this.handoff = List.copyOf(handoff);
    }

    static Path configuredDir() {
        String env = System.getenv("HANDOFF_DISK_DIR");
        return env != null && !env.isEmpty() ? Path.of(env) : DEFAULT_DIR;
    }

    Path image(String domain, String dev) {
        return home(domain, dev).resolve("mnt").resolve("disk.img");
    }

    boolean isMounted(String domain, String dev) {
        return TrackerMount.overlayOf(image(domain, dev)).isPresent();
    }

    /**
     * A fresh tracked disk over {@code baseImage} for an incoming handoff: an overlay left from before (the domain
     * lived here once) is moved aside, not reused: the handoff brings the changes against the base. Refused while
     * the domain's disk is mounted here (the domain runs here).
     */
    void mountFresh(String domain, String dev, Path baseImage) throws IOException, InterruptedException {
        if (isMounted(domain, dev)) {
            throw new IOException("the tracked disk " + dev + " of domain " + domain + " is mounted on this host already ("
                    + image(domain, dev) + "): is the domain running here?");
        }
        Path overlay = home(domain, dev).resolve("overlay");
        if (Files.exists(overlay)) {
            Files.move(overlay, overlay.resolveSibling("overlay.replaced-" + STAMP.format(Instant.now())), StandardCopyOption.ATOMIC_MOVE);
        }
        mount(domain, dev, baseImage);
    }

    /** Mounts the domain's disk over its existing overlay (or a new one) unless it is mounted already. */
    void ensureMounted(String domain, String dev, Path baseImage) throws IOException, InterruptedException {
        if (!isMounted(domain, dev)) {
            mount(domain, dev, baseImage);
        }
    }

    /** Unmounts the domain's disk (its tracker syncs the overlay and exits); false if it was not mounted. */
    boolean unmount(String domain, String dev) throws IOException {
        return TrackerMount.unmount(home(domain, dev).resolve("mnt"));
    }

    private void mount(String domain, String dev, Path baseImage) throws IOException, InterruptedException {
        Path home = home(domain, dev);
        Files.createDirectories(home);
        Path log = home.resolve("tracker.log");
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(handoff);
        cmd.addAll(List.of("disk", "mount", "--allow-other", "--base", baseImage.toString(), "--overlay",
                home.resolve("overlay").toString(), home.resolve("mnt").toString()));
        // Nothing of the hook's: libvirtd waits for the hook's output to end, so the tracker must not hold it.
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + MOUNT_WAIT_NANOS;
        while (!isMounted(domain, dev)) {
            boolean failed = !p.isAlive() && p.exitValue() != 0; // 0: setsid forked, the tracker runs on
            if (failed || System.nanoTime() > deadline) {
                p.destroy();
                throw new IOException("the tracker of disk " + dev + " of domain " + domain + " did not mount at " + home.resolve("mnt")
                        + "; " + log + " says: " + tail(log));
            }
            Thread.sleep(50);
        }
    }

    private Path home(String domain, String dev) {
        if (domain.isEmpty() || domain.contains("/") || domain.startsWith(".") || !dev.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("no disk directory for domain '" + domain + "', disk '" + dev + "'");
        }
        return dir.resolve(domain).resolve(dev);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
