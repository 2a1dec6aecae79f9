package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.stream.RamImages;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.rebuild.DecodeResult;
import org.cloudlet.handoff.rebuild.StreamDecoder;

import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.stream.PipelineToStream;
import org.cloudlet.handoff.wire.FrameReader;
import org.cloudlet.handoff.wire.StreamHeader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.StandardCopyOption;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

final class DecodeCommand implements Command {
    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "rebuild disk (and memory) images from a handoff stream file and its base";
    }

    @Override
    public String synopsis() {
        return "--base-disk B [--base-memory BM] -i IN --disk-out D2 [--memory-out M2]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("base-disk").hasArg().argName("B").required().desc("base disk image (raw)").get())
                .addOption(Option.builder().longOpt("base-memory").hasArg().argName("BM").desc("base memory: a flat image, or a QEMU migration stream file").get())
                .addOption(Option.builder("i").longOpt("input").hasArg().argName("IN").required().desc("stream file to read").get())
                .addOption(Option.builder().longOpt("disk-out").hasArg().argName("D2").required().desc("where to write the rebuilt disk image").get())
                .addOption(Option.builder().longOpt("memory-out").hasArg().argName("M2").desc("where to write the rebuilt memory: a flat image, or a migration stream file when the memory was one").get())
                .addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("threads for indexing the base (default: cores)").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path baseDisk = Args.existingFile(line, "base-disk");
        Path baseMemory = Args.existingFile(line, "base-memory");
        Path input = Args.existingFile(line, "input");
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put(Base.DISK, Args.outputFile(line, "disk-out"));
        Path memoryOut = Args.outputFile(line, "memory-out");
        boolean migrationStream = carriesMigrationStream(input);
        if (memoryOut != null && !migrationStream) {
            outputs.put(Base.MEMORY, memoryOut);
        }
        int threads = Args.intValue(line, "threads", Args.defaultThreads(), 1, 256);
        long start = System.nanoTime();
        DecodeResult r;
        try (Base base = RamImages.openBase(baseDisk, baseMemory, threads);
             InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
            if (migrationStream && memoryOut != null) {
                r = decodeWithMigrationStream(base, outputs, memoryOut, in);
                outputs.put("memory (QEMU migration stream)", memoryOut);
            } else {
                r = new StreamDecoder(base, outputs).decode(in);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        StringBuilder items = new StringBuilder();
        for (ItemKind k : ItemKind.values()) {
            if (k != ItemKind.OPAQUE || r.items().getOrDefault(k, 0L) > 0) {
                items.append(' ').append(k.label()).append('=').append(r.items().getOrDefault(k, 0L));
            }
        }
        out.printf(Locale.ROOT, "stream          %,d bytes, %d segments%n", r.streamBytes(), r.segments());
        out.printf(Locale.ROOT, "rebuilt         %,d bytes of modified chunks, every chunk SHA-256 verified%n", r.rebuiltBytes());
        out.printf(Locale.ROOT, "items          %s%n", items);
        out.printf(Locale.ROOT, "wall time       %.3f s%n", secs);
        outputs.forEach((name, p) -> out.printf(Locale.ROOT, "wrote           %s (%s)%n", p, name));
        return 0;
    }

    /** True if the handoff stream's memory is a QEMU migration stream (its spaces are RAMBlocks, not one image). */
    private static boolean carriesMigrationStream(Path input) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input))) {
            FrameReader frames = new FrameReader(in);
            frames.readPreamble();
            StreamHeader header = StreamHeader.decode(frames.readFrame("HEADER"));
            return header.spaces().stream().anyMatch(s -> s.kind() == SpaceKind.MEMORY && !s.name().equals(Base.MEMORY));
        }
    }

    /** Disk to its image file; RAM pages and the stream's own bytes re-created as a migration stream file. */
    private static DecodeResult decodeWithMigrationStream(Base base, Map<String, Path> files, Path memoryOut, InputStream in)
            throws IOException {
        Path partial = memoryOut.resolveSibling(memoryOut.getFileName() + ".partial");
        try {
            DecodeResult r;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                PipelineToStream rebuilt = new PipelineToStream(os);
                r = StreamDecoder.filesAndStream(base, files, rebuilt.sinks(), rebuilt).decode(in);
                rebuilt.flush();
            }
            Files.move(partial, memoryOut, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return r;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
