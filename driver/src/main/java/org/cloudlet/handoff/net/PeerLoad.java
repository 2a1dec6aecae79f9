package org.cloudlet.handoff.net;

import org.cloudlet.handoff.proc.HostCpus;

/**
 * What the destination's acknowledgements report of its load. Its CPU time, counted for the share of it that runs on
 * this daemon's CPUs (the same host: both cloudlets on one machine, as in the testbed): its decoding then takes cores
 * the source's encoding could have had, and a mode that decodes slowly costs on both sides (seen: bzip2-9's large
 * blocks took the destination 0.85 of a core where bzip2-5 took 0.65 at more input). And the time its reader waited
 * for room: the source's waits for the window then measure the destination, not the link (seen: xor+bzip2-9 at
 * 35 Mbit/s with the destination decoding on 0.75 of a shared core, acknowledged at 1.5-3.5 MB/s of a 4.4 MB/s link,
 * taken for a slow link and kept for 18 s). Written by the thread reading the acks, read by the adaptation's.
 */
final class PeerLoad {
    /** The destination held the stream up for this share of the time between two acks or more: the rate is its. */
    static final double HELD = 0.5;

    private final double share;
    private long firstCpu = -1;
    private long lastCpu = -1;
    private long held = -1;
    private long decoding;
    private long lastAt;
    private boolean holding;

    PeerLoad(double share) {
        this.share = share;
    }

    /** For the destination that answered {@code reply}, from this process's host and CPUs. */
    static PeerLoad of(PeerProtocol.Reply reply) {
        HostCpus peer;
        try {
            peer = new HostCpus(reply.host(), HostCpus.parseList(reply.cpus()));
        } catch (RuntimeException e) {
            peer = new HostCpus("", null); // an unreadable CPU list: nothing is shared
        }
        return new PeerLoad(HostCpus.self().shareOf(peer));
    }

    double share() {
        return share;
    }

    /** An ack's figures, cumulative at the destination, read at {@code now} (ns). */
    synchronized void reported(long cpuNanos, long heldNanos, long decodingNanos, long now) {
        if (firstCpu < 0) {
            firstCpu = cpuNanos;
        }
        lastCpu = cpuNanos;
        if (held >= 0 && now > lastAt) {
            holding = heldNanos - held >= HELD * (now - lastAt);
        }
        held = heldNanos;
        decoding = decodingNanos;
        lastAt = now;
    }

    /** Whether the destination held the stream up over the time between its last two acks. */
    synchronized boolean holding() {
        return holding;
    }

    /** The destination's CPU nanoseconds since its first report that ran on this daemon's CPUs (0: another host). */
    synchronized long sharedNanos() {
        return firstCpu < 0 || share == 0 ? 0 : Math.round(share * (lastCpu - firstCpu));
    }

    /** Nanoseconds the destination's reader has waited for room, as last reported. */
    synchronized long heldNanos() {
        return Math.max(0, held);
    }

    /** Nanoseconds the destination's applier has waited for its decoders, as last reported. */
    synchronized long decodingNanos() {
        return decoding;
    }
}
