package org.cloudlet.handoff.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Which machine this process runs on (the kernel's boot id: one per boot of a host, the same in every network
 * namespace and container on it) and the CPUs it may run on. Two daemons of one handoff on the same host share
 * those CPUs, so the destination's decoding takes cores the source's encoding could have had.
 */
public record HostCpus(String host, BitSet cpus) {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path STATUS = Path.of("/proc/self/status");

    public HostCpus {
        host = host == null ? "" : host.trim();
        cpus = cpus == null ? new BitSet() : (BitSet) cpus.clone();
    }

    /** This process's: empty fields where /proc cannot tell (then no CPU is taken for shared). */
    public static HostCpus self() {
        return read(BOOT_ID, STATUS);
    }

    static HostCpus read(Path bootId, Path status) {
        String host = "";
        try {
            host = Files.readString(bootId).trim();
        } catch (IOException | RuntimeException e) {
            // unknown host: shares nothing
        }
        return new HostCpus(host, allowedCpus(status)); // unknown CPUs (null): shares nothing
    }

    /** The CPUs a process may run on, from its {@code status} file's {@code Cpus_allowed_list}, or null when unknown. */
    public static BitSet allowedCpus(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    BitSet cpus = parseList(line.substring(line.indexOf(':') + 1).trim());
                    return cpus.isEmpty() ? null : cpus;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return null;
    }

    /**
     * The share of {@code peer}'s CPU time that lands on this process's CPUs: 0 on another host (or when either side
     * is unknown), else the part of the peer's CPUs that are also ours, the scheduler spreading its work over them.
     */
    public double shareOf(HostCpus peer) {
        if (host.isEmpty() || !host.equals(peer.host) || peer.cpus.isEmpty() || cpus.isEmpty()) {
            return 0;
        }
        BitSet both = (BitSet) cpus.clone();
        both.and(peer.cpus);
        return (double) both.cardinality() / peer.cpus.cardinality();
    }

    /** The CPU list in the kernel's notation ({@code 0-3,6}). */
    public String cpuList() {
        StringBuilder b = new StringBuilder();
        for (int from = cpus.nextSetBit(0); from >= 0; ) {
            int to = cpus.nextClearBit(from) - 1;
            b.append(b.isEmpty() ? "" : ",").append(from).append(from == to ? "" : "-" + to);
            from = cpus.nextSetBit(to + 1);
        }
        return b.toString();
    }

    /** A kernel CPU list such as {@code 0-3,6,8-9} (empty: none). */
    public static BitSet parseList(String list) {
        BitSet cpus = new BitSet();
        if (list.isBlank()) {
            return cpus;
        }
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
            cpus.set(from, to + 1);
        }
        return cpus;
    }
}
