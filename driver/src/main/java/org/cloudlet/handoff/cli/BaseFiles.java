package org.cloudlet.handoff.cli;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.stream.RamImages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens the base named on a command line; a base memory given as a QEMU migration stream becomes its RAMBlocks. */
final class BaseFiles {
    private BaseFiles() {
    }

    static Base open(Path disk, Path memory, int threads) throws IOException {
        if (memory == null || !RamImages.isMigrationStream(memory)) {
            return Base.open(disk, memory, threads);
        }
        List<Base.MemoryImage> blocks = new ArrayList<>();
        for (RamImages.BlockImage b : RamImages.materialize(memory)) {
            blocks.add(new Base.MemoryImage(b.idstr(), b.file()));
        }
        return Base.openWithMemories(disk, blocks, threads);
    }
}
