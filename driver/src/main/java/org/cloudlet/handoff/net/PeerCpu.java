package org.cloudlet.handoff.net;

import org.cloudlet.handoff.proc.HostCpus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The destination daemon's CPU time as its acknowledgements report it, counted for the share of it that runs on this
 * daemon's CPUs (the same host: both cloudlets on one machine, as in the testbed). Its decoding then takes cores the
 * source's encoding could have had, and a mode that decodes slowly costs on both sides (seen: bzip2-9's large blocks
 * took the destination 0.85 of a core where bzip2-5 took 0.65 at more input).
 */
final class PeerCpu {
    private final double share;
    private final AtomicLong first = new AtomicLong(-1);
    private final AtomicLong last = new AtomicLong(-1);

    PeerCpu(double share) {
        this.share = share;
    }

    /** For the destination that answered {@code reply}, from this process's host and CPUs. */
    static PeerCpu of(PeerProtocol.Reply reply) {
        HostCpus peer;
        try {
            peer = new HostCpus(reply.host(), HostCpus.parseList(reply.cpus()));
        } catch (RuntimeException e) {
            peer = new HostCpus("", null); // an unreadable CPU list: nothing is shared
        }
        return new PeerCpu(HostCpus.self().shareOf(peer));
    }

    double share() {
        return share;
    }

    void reported(long cpuNanos) {
        first.compareAndSet(-1, cpuNanos);
        last.set(cpuNanos);
    }

    /** The destination's CPU nanoseconds since its first report that ran on this daemon's CPUs (0: another host). */
    long sharedNanos() {
        long f = first.get();
        return f < 0 || share == 0 ? 0 : Math.round(share * (last.get() - f));
    }
}
