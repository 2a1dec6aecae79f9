package org.cloudlet.handoff.proc;


import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which processes hold a local TCP socket (the other end of a connection, or a listening socket), from /proc: the
 * kernel's socket table of this network namespace ({@code /proc/net/tcp}, {@code tcp6}) gives the socket's inode,
 * and a process holding it has a descriptor linking to {@code socket:[INODE]}. Needs the rights to read other
 * processes' descriptors (root).
 */
public final class ConnectionOwners {
    private final Path proc;

    public ConnectionOwners() {
        this(Path.of("/proc"));
    }

    /** Reads {@code proc} instead of /proc (tests). */
    ConnectionOwners(Path proc) {
        this.proc = proc;
    }

    /**
     * The pids holding the socket whose local port is {@code port} and whose peer's port is {@code peerPort} (the
     * other end of a loopback connection this process has, seen from there), excluding this process.
     */
    public List<Long> of(int port, int peerPort) throws IOException {
        return holders(inode(port, peerPort));
    }

    /** The pids holding the socket listening on loopback port {@code port} (a destination QEMU's {@code -incoming}). */
    public List<Long> listening(int port) throws IOException {
        for (ProcNetTcp.Entry e : ProcNetTcp.read(proc)) {
            if (e.state() == ProcNetTcp.LISTEN && e.localPort() == port && e.local().isLoopbackAddress() && e.inode() != 0) {
                return holders(OptionalLong.of(e.inode()));
            }
        }
        return List.of();
    }

    private List<Long> holders(OptionalLong inode) throws IOException {
        List<Long> pids = new ArrayList<>();
        if (inode.isEmpty()) {
            return pids;
        }
        String link = "socket:[" + inode.getAsLong() + "]";
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path pid : all) {
                long id = Long.parseLong(pid.getFileName().toString());
                if (id != self && holds(pid.resolve("fd"), link)) {
                    pids.add(id);
                }
            }
        }
        return pids;
    }

    private static boolean holds(Path fds, String link) {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(fds)) {
            for (Path fd : all) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException ignored) {
            // the process ended, or is not ours to read
        }
        return false;
    }

    /** The inode of the socket with local port {@code port} and remote port {@code peerPort}. */
    OptionalLong inode(int port, int peerPort) throws IOException {
        for (ProcNetTcp.Entry e : ProcNetTcp.read(proc)) {
            if (e.localPort() == port && e.remotePort() == peerPort && e.inode() != 0) {
                return OptionalLong.of(e.inode());
            }
        }
        return OptionalLong.empty();
    }
}
