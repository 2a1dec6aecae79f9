package org.cloudlet.handoff.net;

import org.cloudlet.handoff.adapt.SessionCounters;
import org.cloudlet.handoff.pipeline.StageCounters;
import org.cloudlet.handoff.stream.StreamToPipeline;

import java.util.List;
import java.util.function.LongSupplier;

/** A source session's counters as the adaptation and the iteration control read them. */
record PipelineSessionCounters(StreamToPipeline source, LongSupplier acked, AckWindow wire, PeerLoad peer) implements SessionCounters {

    @Override
    public List<StageCounters.Sample> stages() {
        return source.pipeline() == null ? List.of() : source.pipeline().sample(); // none before QEMU's first page
    }

    @Override
    public long ackedBytes() {
        return acked.getAsLong();
    }

    @Override
    public long windowWaitNanos() {
        return wire.waitedNanos();
    }

    @Override
    public long inputWaitNanos() {
        return source.pipeline() == null ? 0 : source.pipeline().inputWaitNanos();
    }

    @Override
    public long peerCpuNanos() {
        return peer.sharedNanos();
    }

    @Override
    public double peerShare() {
        return peer.share();
    }

    @Override
    public long peerHeldNanos() {
        return peer.heldNanos();
    }

    @Override
    public long peerDecodingNanos() {
        return peer.decodingNanos();
    }

    @Override
    public double linkBandwidth() {
        return wire.linkBandwidth();
    }

    @Override
    public boolean linkRateKnown() {
        return wire.linkRateKnown();
    }
}
