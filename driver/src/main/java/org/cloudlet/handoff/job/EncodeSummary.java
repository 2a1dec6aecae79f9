package org.cloudlet.handoff.job;

import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What an encode did, for the one-line-per-fact summary the CLI prints. */
public record EncodeSummary(Mode mode, long inputBytes, long modifiedBytes, long wireBytes, Map<ItemKind, Long> items,
                            long wallNanos, List<StageCounters.Sample> stages) {

    public double ratio() {
        return modifiedBytes == 0 ? 0 : (double) wireBytes / modifiedBytes;
    }

    public double modifiedMBps() {
        return wallNanos == 0 ? 0 : modifiedBytes / 1e6 / (wallNanos / 1e9);
    }

    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "mode            %s%n", mode));
        b.append(String.format(Locale.ROOT, "scanned         %,d bytes%n", inputBytes));
        b.append(String.format(Locale.ROOT, "modified in     %,d bytes (%d chunks)%n", modifiedBytes,
                items.entrySet().stream().filter(e -> e.getKey() != ItemKind.OPAQUE).mapToLong(Map.Entry::getValue).sum()));
        b.append(String.format(Locale.ROOT, "bytes out       %,d bytes%n", wireBytes));
        b.append(String.format(Locale.ROOT, "ratio           %.4f (out/in)%n", ratio()));
        b.append("items          ");
        for (ItemKind k : ItemKind.values()) {
            if (k != ItemKind.OPAQUE || items.getOrDefault(k, 0L) > 0) { // opaque runs exist only for QEMU streams
                b.append(String.format(Locale.ROOT, " %s=%d", k.label(), items.getOrDefault(k, 0L)));
            }
        }
        b.append(String.format(Locale.ROOT, "%nwall time       %.3f s%n", wallNanos / 1e9));
        b.append(String.format(Locale.ROOT, "throughput      %.1f MB/s of modified input%n", modifiedMBps()));
        return b.toString();
    }
}
