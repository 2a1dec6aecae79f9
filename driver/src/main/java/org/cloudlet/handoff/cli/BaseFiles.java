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
        return RamImages.openBase(disk, memory, threads);
    }
}
