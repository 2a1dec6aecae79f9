package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the kernel's mount table says about a directory, and how to clear a mount left by a killed tracker. */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    static boolean isMountPoint(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(MOUNTINFO)) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code dir} is a mount whose file system no longer answers (its FUSE process died). */
    static boolean isStale(Path dir) throws IOException {
        if (!isMountPoint(dir)) {
            return false;
        }
        // Listing, not stat: FUSE answers stat from its attribute cache for a second after the daemon died.
        try (var entries = Files.newDirectoryStream(dir)) {
            entries.iterator().hasNext();
            return false;
        } catch (IOException e) {
            return String.valueOf(e.getMessage()).contains("not connected");
        }
    }

    /** Detaches the mount at {@code dir}: fusermount (fuse 2 or 3), else umount -l. */
    static void detach(Path dir) throws IOException {
        String path = dir.toAbsolutePath().normalize().toString();
        if (!tryTools(dir, List.of(List.of("fusermount", "-u", "-z", path), List.of("fusermount3", "-u", "-z", path),
                List.of("umount", "-l", path)))) {
            throw new IOException("could not unmount " + path + " (tried fusermount, fusermount3, umount -l)");
        }
    }

    /**
     * Unmounts {@code dir} once no one uses it (plain {@code fusermount -u}, retried while busy); after
     * {@code patience} gives up and detaches it lazily. Returns true if it came off cleanly.
     */
    static boolean unmount(Path dir, java.time.Duration patience) throws IOException {
        String path = dir.toAbsolutePath().normalize().toString();
        long deadline = System.nanoTime() + patience.toNanos();
        while (!tryTools(dir, List.of(List.of("fusermount", "-u", path), List.of("fusermount3", "-u", path), List.of("umount", path)))) {
            if (System.nanoTime() > deadline) {
                detach(dir);
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted unmounting " + path, e);
            }
        }
        return true;
    }

    /** Runs the commands in turn until {@code dir} is no longer a mount point; a tool not installed is skipped. */
    private static boolean tryTools(Path dir, List<List<String>> commands) throws IOException {
        for (List<String> cmd : commands) {
            if (!isMountPoint(dir)) {
                return true;
            }
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException notInstalled) {
                // try the next tool
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted unmounting " + dir, e);
            }
        }
        return !isMountPoint(dir);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
