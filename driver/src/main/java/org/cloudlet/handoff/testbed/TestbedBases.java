package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.qemu.QemuVm;
import org.cloudlet.handoff.store.BaseArchive;
import org.cloudlet.handoff.store.BaseSnapshot;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The base VM of a testbed guest in both cloudlets' stores, as an operator would set it up: recorded once in
 * cloudlet A ({@code handoff base create}: boot, wait until idle, snapshot), exported, and imported in cloudlet B,
 * where it is recognised by its id. Cached: a guest rebuilt (new build stamp) or resized gets a new base.
 */
final class TestbedBases {
    private TestbedBases() {
    }

    /** Stores {@code root/store-a} and {@code root/store-b}; returns the base both hold. */
    static StoredBase ensure(Path root, QemuVm.Spec spec, Path guestDir, PrintStream log) throws IOException, InterruptedException {
        BaseStore a = new BaseStore(root.resolve("store-a"));
        BaseStore b = new BaseStore(root.resolve("store-b"));
        String stamp = Files.isRegularFile(guestDir.resolve(".complete")) ? Files.readString(guestDir.resolve(".complete")).strip() : "unstamped";
        boolean withDisk = spec.disk() != null;
        String name = guestDir.getFileName() + "-" + spec.ramSize() + (withDisk ? "-disk" : "")
                + (spec.extraArgs().isEmpty() ? "" : "-args" + Integer.toHexString(spec.extraArgs().hashCode())) + "-" + stamp;
        StoredBase base = a.list().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (base == null) {
            log.println("testbed: recording the base VM of " + name + " in cloudlet A's store");
            // With the guest's disk image when it has one: a base VM is disk + memory, and the page cache of files
            // the guest reads later matches base disk chunks.
            base = BaseSnapshot.create(a, name, new BaseSnapshot.Settings(spec, 1.0, Duration.ofMinutes(10)), withDisk,
                    Runtime.getRuntime().availableProcessors(), log);
        }
        if (b.byId(base.id()) == null) {
            log.println("testbed: exporting base " + base.shortId() + " to cloudlet B's store");
            Path archive = root.resolve("transfer-" + base.shortId() + ".tar.zst");
            try {
                BaseArchive.export(base, archive);
                BaseArchive.importInto(b, archive, Runtime.getRuntime().availableProcessors());
            } finally {
                Files.deleteIfExists(archive);
            }
        }
        return base;
    }
}
