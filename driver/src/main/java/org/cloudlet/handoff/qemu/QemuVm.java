package org.cloudlet.handoff.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A QEMU process for a testbed guest: TCG unless told otherwise (see docs: this machine's KVM is unusable),
 * kernel + initramfs boot, serial console to a log file, QMP and the guest's control console on Unix sockets in
 * its own directory. {@link #incoming} starts it waiting for a migration stream instead of booting.
 */
public final class QemuVm implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final QmpClient qmp;
    private static final String SECOND_QMP = "qmp-2.sock";

    private final Thread killOnExit;

    private QemuVm(Path dir, Process process, QmpClient qmp) {
        this.dir = dir;
        this.process = process;
        this.qmp = qmp;
        // A JVM stopped by a signal runs no finally blocks: don't leave a guest running behind it.
        this.killOnExit = new Thread(process::destroyForcibly, "qemu-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * What to boot and how big; {@code disk} (a raw image) may be null. A read-only disk is shared by both
     * cloudlets (its changes live in the guest's memory); a writable one is the guest's own (a tracked disk).
     */
    public record Spec(Path kernel, Path initrd, Path disk, boolean diskWritable, String append, int memoryMiB, String accel,
                       List<String> extraArgs, List<String> launcher) {
        /**
         * A testbed guest directory: {@code vmlinuz} and {@code initrd.img}, and for the Debian guest a
         * {@code disk.img} that the initramfs mounts as the root (build-tiny.sh, build-debian.sh).
         */
        public static Spec of(Path guestDir, int memoryMiB) {
            Path disk = guestDir.resolve("disk.img");
            boolean hasDisk = Files.isRegularFile(disk);
            return new Spec(guestDir.resolve("vmlinuz"), guestDir.resolve("initrd.img"), hasDisk ? disk : null, false,
                    "console=ttyS0 quiet" + (hasDisk ? " handoff.root=/dev/vda" : ""), memoryMiB, "tcg", List.of(), List.of());
        }

        /** The same guest with another disk and kernel command line. */
        public Spec withDisk(Path image, boolean writable, String kernelArgs) {
            return new Spec(kernel, initrd, image, writable, kernelArgs, memoryMiB, accel, extraArgs, launcher);
        }

        /** The same guest with more QEMU arguments after the usual ones. */
        public Spec withExtraArgs(List<String> more) {
            List<String> all = new ArrayList<>(extraArgs);
            all.addAll(more);
            return new Spec(kernel, initrd, disk, diskWritable, append, memoryMiB, accel, List.copyOf(all), launcher);
        }

        /** The same guest started through a wrapper, e.g. {@code ip netns exec NS}. */
        public Spec launchedWith(List<String> prefix) {
            return new Spec(kernel, initrd, disk, diskWritable, append, memoryMiB, accel, extraArgs, List.copyOf(prefix));
        }

        /**
         * QEMU's {@code -m}: 8 KiB short of the size asked for. QEMU 7.2's TCG loses dirty pages during migration
         * when RAM is a multiple of 256 KiB (its word-at-a-time bitmap sync skips the TLB reset that makes later
         * writes count as dirty; fixed upstream in QEMU 9.0, commit 03bfc2188f06). Any other size takes the exact
         * path. Measured here: 7024 pages of a 1 GiB guest differed after a stock migration, none at 1 GiB - 8 KiB.
         */
        public String ramSize() {
            return (memoryMiB * 1024L - 8) + "K";
        }

    }

    public static QemuVm boot(Spec spec, Path dir) throws IOException, InterruptedException {
        return start(spec, dir, null);
    }

    /** Starts QEMU waiting for an incoming migration on {@code uri} (e.g. {@code tcp:127.0.0.1:4444}, {@code exec:cat f}). */
    public static QemuVm incoming(Spec spec, Path dir, String uri) throws IOException, InterruptedException {
        return start(spec, dir, uri);
    }

    private static QemuVm start(Spec spec, Path dir, String incoming) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("qmp.sock"));
        Files.deleteIfExists(dir.resolve(SECOND_QMP));
        Files.deleteIfExists(dir.resolve("console.sock"));
        List<String> cmd = new ArrayList<>(spec.launcher());
        cmd.addAll(List.of("qemu-system-x86_64",
                "-accel", spec.accel(), "-cpu", "qemu64", "-m", spec.ramSize(),
                "-kernel", spec.kernel().toString(), "-initrd", spec.initrd().toString(), "-append", spec.append(),
                "-display", "none", "-monitor", "none", "-nodefaults", "-no-user-config",
                "-serial", "file:" + dir.resolve("serial.log"),
                "-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off",
                "-qmp", "unix:" + dir.resolve(SECOND_QMP) + ",server=on,wait=off",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=ctl,path=" + dir.resolve("console.sock") + ",server=on,wait=off",
                "-device", "virtconsole,chardev=ctl"));
        if (spec.disk() != null) {
            // Read-only: source and destination QEMU share the image (the guest's changes live in its memory).
            // Writable: each QEMU has its own (a tracked disk); discards reach the tracker as punched holes.
            cmd.addAll(List.of("-drive", "file=" + spec.disk() + ",if=virtio,format=raw,"
                    + (spec.diskWritable() ? "discard=unmap" : "readonly=on")));
        }
        cmd.addAll(spec.extraArgs());
        if (incoming != null) {
            cmd.add("-incoming");
            cmd.add(incoming);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            return new QemuVm(dir, p, QmpClient.connect(dir.resolve("qmp.sock"), Duration.ofSeconds(30)));
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            throw new IOException("QEMU did not start: " + e.getMessage() + "; its log: " + log(dir), e);
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("qemu.log")).strip();
        } catch (IOException e) {
            return "(none)";
        }
    }

    /**
     * The second QMP monitor of a QEMU started in {@code dir}, free for another client (the handoff daemon's
     * iteration control), whose path is known before QEMU starts.
     */
    public static Path secondQmpSocket(Path dir) {
        return dir.resolve(SECOND_QMP);
    }

    /**
     * Waits until the VM runs, polling its status: a VM started on {@code -incoming exec:cat FILE} can load the file
     * and resume before the QMP client connects, and then its RESUME event is gone.
     */
    public void awaitRunning(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!qmp.execute("query-status").path("status").asText().equals("running")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the VM in " + dir + " was not running after " + timeout.toSeconds() + " s; its log: " + log(dir));
            }
            Thread.sleep(200);
        }
    }

    public QmpClient qmp() {
        return qmp;
    }

    public Path dir() {
        return dir;
    }

    public GuestConsole console(Duration timeout) throws IOException, InterruptedException {
        return GuestConsole.connect(dir.resolve("console.sock"), timeout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook does the job
        }
        try {
            qmp.execute("quit");
        } catch (IOException ignored) {
            // already gone
        }
        qmp.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
