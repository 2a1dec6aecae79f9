package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A migration stream file seen as memory images: one flat file per RAMBlock holding each page's last version
 * (what the destination's RAM holds once the stream is loaded). Built once beside the stream in
 * {@code STREAM.blocks/} and reused while the stream file is unchanged; a base memory given as a stream is used
 * this way, so its pages can be read at their addresses.
 */
public final class RamImages {
    /** One RAMBlock's image. */
    public record BlockImage(String idstr, Path file, long length) {
    }

    private RamImages() {
    }

    /**
     * Opens a base of a disk image (or none) and a memory that is a migration stream file (its RAMBlocks) or a
     * flat image.
     */
    public static org.cloudlet.handoff.base.Base openBase(Path disk, Path memory, int threads) throws IOException {
        if (memory == null || !isMigrationStream(memory)) {
            return org.cloudlet.handoff.base.Base.open(disk, memory, threads);
        }
        List<org.cloudlet.handoff.base.Base.MemoryImage> blocks = new ArrayList<>();
        for (BlockImage b : materialize(memory)) {
            blocks.add(new org.cloudlet.handoff.base.Base.MemoryImage(b.idstr(), b.file()));
        }
        return org.cloudlet.handoff.base.Base.openWithMemories(disk, blocks, threads);
    }

    /** True if the file starts with QEMU's migration stream magic. */
    public static boolean isMigrationStream(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && ByteBuffer.wrap(magic).getInt() == QemuStreamFormat.MAGIC;
        }
    }

    /** The RAM blocks a stream announces, read from its start only. */
    public static List<RamBlock> blocksOf(Path stream) throws IOException {
        List<RamBlock> found = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stream))) {
            new MigrationStreamReader(in, new MigrationStreamHandler() {
                public void opaque(byte[] buf, int off, int len) {
                }

                public void ramBlocks(List<RamBlock> blocks) throws IOException {
                    found.addAll(blocks);
                    throw new StopReading();
                }

                public void zeroPage(RamBlock block, long offset, int fill) {
                }

                public void page(RamBlock block, long offset, byte[] buf, int off) {
                }
            }).run();
        } catch (StopReading done) {
            return found;
        }
        throw new UnsupportedStreamException(0, stream + " has no ram section");
    }

    private static final class StopReading extends IOException {
        StopReading() {
            super("stop after the ram setup");
        }
    }

    public static List<BlockImage> materialize(Path stream) throws IOException {
        Path dir = stream.resolveSibling(stream.getFileName() + ".blocks");
        String stamp = stamp(stream);
        Path list = dir.resolve("blocks.tsv");
        if (Files.exists(list) && Files.exists(dir.resolve("stamp")) && Files.readString(dir.resolve("stamp")).equals(stamp)) {
            List<BlockImage> out = new ArrayList<>();
            for (String line : Files.readAllLines(list)) {
                String[] f = line.split("\t");
                out.add(new BlockImage(f[0], dir.resolve(f[2]), Long.parseLong(f[1])));
            }
            return out;
        }
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        List<BlockImage> images = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stream), 1 << 16)) {
            byte[] zeros = new byte[QemuStreamFormat.PAGE_SIZE];
            new MigrationStreamReader(in, new MigrationStreamHandler() {
                public void opaque(byte[] buf, int off, int len) {
                }

                public void ramBlocks(List<RamBlock> blocks) throws IOException {
                    for (RamBlock b : blocks) {
                        Path f = dir.resolve("block" + b.index() + ".img");
                        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
                        if (b.length() > 0) {
                            ch.write(ByteBuffer.allocate(1), b.length() - 1); // sparse, full length
                        }
                        channels.add(ch);
                        images.add(new BlockImage(b.idstr(), f, b.length()));
                    }
                }

                public void zeroPage(RamBlock block, long offset, int fill) throws IOException {
                    write(block, offset, fill == 0 ? zeros : ChunkFormat.filled(fill), 0);
                }

                public void page(RamBlock block, long offset, byte[] buf, int off) throws IOException {
                    write(block, offset, buf, off);
                }

                private void write(RamBlock block, long offset, byte[] buf, int off) throws IOException {
                    int len = (int) Math.min(QemuStreamFormat.PAGE_SIZE, block.length() - offset);
                    ByteBuffer b = ByteBuffer.wrap(buf, off, len);
                    FileChannel ch = channels.get(block.index());
                    while (b.hasRemaining()) {
                        ch.write(b, offset + b.position() - off);
                    }
                }
            }).run();
        } finally {
            for (FileChannel ch : channels) {
                ch.close();
            }
        }
        StringBuilder tsv = new StringBuilder();
        for (BlockImage i : images) {
            tsv.append(i.idstr()).append('\t').append(i.length()).append('\t').append(i.file().getFileName()).append('\n');
        }
        Files.writeString(list, tsv.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("stamp"), stamp);
        return images;
    }

    private static String stamp(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return a.size() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey();
    }
}
