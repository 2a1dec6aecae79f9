package org.cloudlet.handoff.profile;

import java.util.List;
import java.util.Locale;

/** Writes mode profiles as a Markdown table (for docs/BENCHMARKS.md) and as CSV (for the adaptation profile). */
public final class ProfileTable {
    /** Stages whose CPU time the table breaks out, in pipeline order. */
    public static final List<String> STAGES = List.of("hash", "diff", "base-dedup", "delta", "self-dedup", "segment", "compress", "write");

    private ProfileTable() {
    }

    public static String markdownHeader() {
        return "| mode | threads | P µs/chunk | delta µs | compress µs | R out/in | MB/s per core | encode MB/s (wall) | decode MB/s (wall) | decode/encode |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    }

    public static String markdownRow(ModeProfile p) {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.4f | %.0f | %.0f | %.0f | %.2f |%n",
                p.mode(), p.threads(), p.cpuMicrosPerChunk(), p.stageMicrosPerChunk("delta"), p.stageMicrosPerChunk("compress"),
                p.ratio(), p.mbPerCpuSecond(), p.encodeMBps(), p.decodeMBps(), p.decodeMBps() / p.encodeMBps());
    }

    public static String csvHeader() {
        StringBuilder b = new StringBuilder("mode,threads,chunks,input_bytes,output_bytes,ratio,cpu_us_per_chunk");
        for (String s : STAGES) {
            b.append(",p_").append(s.replace('-', '_')).append("_us");
        }
        return b.append(",encode_wall_s,decode_wall_s\n").toString();
    }

    public static String csvRow(ModeProfile p) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.6f,%.4f",
                p.mode(), p.threads(), p.chunks(), p.inputBytes(), p.outputBytes(), p.ratio(), p.cpuMicrosPerChunk()));
        for (String s : STAGES) {
            b.append(String.format(Locale.ROOT, ",%.4f", p.stageMicrosPerChunk(s)));
        }
        return b.append(String.format(Locale.ROOT, ",%.6f,%.6f%n", p.encodeWallNanos() / 1e9, p.decodeWallNanos() / 1e9)).toString();
    }
}
