package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.stream.RamImages;
import org.cloudlet.handoff.job.EncodeJob;
import org.cloudlet.handoff.job.EncodeSummary;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;
import org.cloudlet.handoff.wire.WireFormat;
import org.cloudlet.handoff.source.ChunkOrder;

import java.io.PrintStream;
import java.nio.file.Path;

final class EncodeCommand implements Command {
    @Override
    public String name() {
        return "encode";
    }

    @Override
    public String summary() {
        return "encode a disk (and memory) image against a base into a handoff stream file";
    }

    @Override
    public String synopsis() {
        return "--base-disk B --disk D [--base-memory BM --memory M] [--mode MODE] [--threads N] [--segment-kib K] [--shuffle SEED] -o OUT";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("base-disk").hasArg().argName("B").required().desc("base disk image (raw)").get())
                .addOption(Option.builder().longOpt("disk").hasArg().argName("D").required().desc("disk image to encode (raw)").get())
                .addOption(Option.builder().longOpt("base-memory").hasArg().argName("BM").desc("base memory: a flat image, or a QEMU migration stream file").get())
                .addOption(Option.builder().longOpt("memory").hasArg().argName("M").desc("memory to encode: a flat image (address = offset), or a QEMU migration stream file (then --base-memory may be one too)").get())
                .addOption(Option.builder().longOpt("mode").hasArg().argName("MODE")
                        .desc("delta+compressor-level, e.g. none, lz4, zstd-3, gzip-6, xor+lzma-9, bsdiff+bzip2-9, xdelta3+gzip-1 (default zstd-3)").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("workers per parallel stage (default: cores)").get())
                .addOption(Option.builder().longOpt("segment-kib").hasArg().argName("K")
                        .desc("target size of a compressed segment in KiB (default 1024, as a live handoff)").get())
                .addOption(Option.builder().longOpt("shuffle").hasArg().argName("SEED").desc("feed chunks in a seeded shuffled order within 1 MiB windows").get())
                .addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT").required().desc("stream file to write").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path baseDisk = Args.existingFile(line, "base-disk");
        Path disk = Args.existingFile(line, "disk");
        Path baseMemory = Args.existingFile(line, "base-memory");
        Path memory = Args.existingFile(line, "memory");
        if (memory != null && baseMemory == null) {
            throw new UsageException("--memory needs --base-memory (the base VM's memory image)");
        }
        Mode mode;
        try {
            mode = Mode.parse(line.getOptionValue("mode", "zstd-3"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode: " + e.getMessage());
        }
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        int segmentKib = Args.intValue(line, "segment-kib", WireFormat.SEGMENT_TARGET_SIZE / 1024, 4, WireFormat.MAX_FRAME_BODY / 2048);
        PipelineConfig config = PipelineConfig.withThreads(threads).withSegmentSize(segmentKib * 1024);
        ChunkOrder order = ChunkOrder.sequential();
        if (line.hasOption("shuffle")) {
            order = ChunkOrder.shuffled(Args.intValue(line, "shuffle", 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        Path output = Args.outputFile(line, "output");
        try (Base base = RamImages.openBase(baseDisk, baseMemory, threads)) {
            EncodeSummary s = new EncodeJob(disk, memory, mode, config, order).run(base, output);
            out.print(s.format());
        }
        return 0;
    }
}
