package org.cloudlet.handoff.profile;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.List;

/**
 * One mode measured on one dirty set with some worker count: P (CPU per chunk), R (output / input), wall speed of
 * encoding and decoding.
 */
public record ModeProfile(Mode mode, int threads, long chunks, long inputBytes, long outputBytes,
                          long encodeWallNanos, long decodeWallNanos, List<StageCounters.Sample> stages) {

    public long cpuNanos() {
        return stages.stream().mapToLong(StageCounters.Sample::cpuNanos).sum();
    }

    /** CPU microseconds per 4 KiB chunk of modified input, all stages together. */
    public double cpuMicrosPerChunk() {
        return chunks == 0 ? 0 : cpuNanos() / 1e3 / chunks;
    }

    /** CPU microseconds per chunk spent in one stage. */
    public double stageMicrosPerChunk(String stage) {
        return stages.stream().filter(s -> s.stage().equals(stage)).mapToLong(StageCounters.Sample::cpuNanos).sum() / 1e3 / Math.max(1, chunks);
    }

    public double ratio() {
        return inputBytes == 0 ? 0 : (double) outputBytes / inputBytes;
    }

    /** Modified input per CPU second: the speed one core gives. */
    public double mbPerCpuSecond() {
        return cpuNanos() == 0 ? 0 : inputBytes / 1e6 / (cpuNanos() / 1e9);
    }

    public double encodeMBps() {
        return inputBytes / 1e6 / (encodeWallNanos / 1e9);
    }

    public double decodeMBps() {
        return inputBytes / 1e6 / (decodeWallNanos / 1e9);
    }

    /** The same profile with the faster of two decode timings (repeats keep the best of each side). */
    public ModeProfile withBestDecode(ModeProfile other) {
        return other.decodeWallNanos() >= decodeWallNanos() ? this
                : new ModeProfile(mode, threads, chunks, inputBytes, outputBytes, encodeWallNanos, other.decodeWallNanos(), stages);
    }
}
