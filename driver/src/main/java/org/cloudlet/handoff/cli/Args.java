package org.cloudlet.handoff.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.cloudlet.handoff.store.BaseStore;

import java.nio.file.Files;
import java.nio.file.Path;

/** Parsing helpers that turn bad option values into {@link UsageException}s naming the option. */
final class Args {
    private Args() {
    }

    static Path existingFile(CommandLine line, String opt) throws UsageException {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) {
            throw new UsageException("--" + opt + " " + v + ": no such file");
        }
        return p;
    }

    static Path outputFile(CommandLine line, String opt) throws UsageException {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v).toAbsolutePath();
        if (!Files.isDirectory(p.getParent())) {
            throw new UsageException("--" + opt + " " + v + ": directory " + p.getParent() + " does not exist");
        }
        if (Files.isDirectory(p)) {
            throw new UsageException("--" + opt + " " + v + ": is a directory");
        }
        return p;
    }

    static int intValue(CommandLine line, String opt, int dflt, int min, int max) throws UsageException {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + opt + " " + v + ": out of range (expected: " + min + "-" + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " " + v + ": not a number");
        }
    }

    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The {@code --store DIR} option of the base commands and the daemon. */
    static Option storeOption() {
        return Option.builder().longOpt("store").hasArg().argName("DIR")
                .desc("base store directory (default $HANDOFF_BASE_STORE or /var/lib/cloudlet-handoff/bases)").get();
    }

    static BaseStore store(CommandLine line) {
        return new BaseStore(line.hasOption("store") ? Path.of(line.getOptionValue("store")) : BaseStore.defaultDir());
    }
}
