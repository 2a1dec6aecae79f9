package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.segment.Segment;

import java.util.function.Consumer;

/** Runs one {@link SegmentStage} per segment and books CPU time and raw → payload bytes. */
final class SegmentStageHandler implements StageRunner.Handler<Segment> {
    private final SegmentStage stage;
    private final StageCounters counters;
    private final Consumer<Segment> next;

    SegmentStageHandler(SegmentStage stage, StageCounters counters, Consumer<Segment> next) {
        this.stage = stage;
        this.counters = counters;
        this.next = next;
    }

    @Override
    public void handle(Segment s) throws Exception {
        long cpu = ChunkStageHandler.threadCpuNanos();
        stage.process(s);
        counters.add(ChunkStageHandler.threadCpuNanos() - cpu, s.rawLength(), s.payloadLength(), 1, 1);
        next.accept(s);
    }

    @Override
    public void finish() {
        stage.close();
    }
}
