package org.cloudlet.handoff.libvirt;

import org.cloudlet.handoff.disk.TrackerMount;
import org.cloudlet.handoff.store.BaseStore;
import org.cloudlet.handoff.store.StoredBase;
import org.cloudlet.handoff.stream.QemuStreamBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The libvirt hook's disk work with real trackers ({@code handoff disk mount} processes over a real FUSE mount;
 * root, /dev/fuse and libfuse2 as bin/setup installs them).
 */
class QemuHookTest {
    private static final int PAGE = 4096;
    @TempDir
    Path dir;
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmountAll() throws IOException {
        for (Path m : mounts) {
            TrackerMount.unmount(m);
        }
    }

    private StoredBase base(BaseStore store, byte[] disk) throws IOException {
        Path staging = store.stage();
        Files.write(staging.resolve(BaseStore.MEMORY), new QemuStreamBuilder().header().ramStart(2, "pc.ram", 4L * PAGE).part(2)
                .zero("pc.ram", 0).eos().footer(2).deviceStateAndEof().bytes());
        if (disk != null) {
            Files.write(staging.resolve(BaseStore.DISK), disk);
        }
        return store.commit(staging, "base", null, 1);
    }

    private QemuHook hook(BaseStore store) {
        List<String> handoff = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "org.cloudlet.handoff.cli.Main");
        return new QemuHook(new DomainDisks(dir.resolve("disks"), handoff), store);
    }

    private static String xml(String baseId) {
        return DomainXmlTest.domain("<metadata><handoff:base xmlns:handoff='" + LibvirtVmLocator.METADATA_NS + "' id='" + baseId
                + "'><handoff:disk dev='vda'/></handoff:base></metadata>");
    }

    @Test
    void anIncomingHandoffGetsAFreshTrackedDiskOverTheBaseAndReleaseUnmountsIt() throws Exception {
        byte[] disk = new byte[64 * PAGE];
        new Random(7).nextBytes(disk);
        BaseStore store = new BaseStore(dir.resolve("store"));
        StoredBase base = base(store, disk);
        QemuHook hook = hook(store);
        Path image = dir.resolve("disks/vm & co/vda/mnt/disk.img");
        mounts.add(image.getParent());

        Optional<String> rewritten = hook.run("migrate", "begin", xml(base.id()));
        assertTrue(rewritten.isPresent());
        assertEquals(Optional.of(image), DomainXml.parse(rewritten.get()).diskSource("vda"));
        assertArrayEquals(disk, Files.readAllBytes(image)); // the base's disk, through the tracker
        assertEquals(Optional.of(dir.resolve("disks/vm & co/vda/overlay").toAbsolutePath()), TrackerMount.overlayOf(image));
        Files.write(image, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE); // the VM runs and writes

        IOException twice = assertThrows(IOException.class, () -> hook.run("migrate", "begin", xml(base.id())));
        assertTrue(twice.getMessage().contains("mounted on this host already"), twice.getMessage());

        assertEquals(Optional.empty(), hook.run("release", "end", rewritten.get()));
        assertEquals(Optional.empty(), TrackerMount.overlayOf(image), "still mounted after release");

        assertEquals(Optional.empty(), hook.run("prepare", "begin", rewritten.get())); // a restart mounts it again, writes kept
        assertEquals(1, Files.readAllBytes(image)[0]);
        hook.run("release", "end", rewritten.get());

        hook.run("migrate", "begin", xml(base.id())); // the domain comes back later: a fresh disk, the old overlay aside
        assertArrayEquals(disk, Files.readAllBytes(image));
        try (var entries = Files.list(dir.resolve("disks/vm & co/vda"))) {
            assertTrue(entries.anyMatch(p -> p.getFileName().toString().startsWith("overlay.replaced-")));
        }
        hook.run("release", "end", rewritten.get());
    }

    @Test
    void aMissingOrDisklessBaseFailsTheMigrationWithTheReason() throws Exception {
        BaseStore store = new BaseStore(dir.resolve("store"));
        QemuHook hook = hook(store);
        IOException missing = assertThrows(IOException.class, () -> hook.run("migrate", "begin", xml("d".repeat(64))));
        assertTrue(missing.getMessage().contains("is not in this cloudlet's store"), missing.getMessage());
        IOException bad = assertThrows(IOException.class, () -> hook.run("migrate", "begin", xml("../../etc")));
        assertTrue(bad.getMessage().contains("not 64 hex digits"), bad.getMessage());
        StoredBase diskless = base(store, null);
        IOException noDisk = assertThrows(IOException.class, () -> hook.run("migrate", "begin", xml(diskless.id())));
        assertTrue(noDisk.getMessage().contains("has no disk image"), noDisk.getMessage());
        assertFalse(Files.exists(dir.resolve("disks/vm & co/vda/mnt/disk.img")));
    }

    @Test
    void otherEventsAndOtherDomainsPassUntouched() throws Exception {
        QemuHook hook = hook(new BaseStore(dir.resolve("store")));
        assertEquals(Optional.empty(), hook.run("migrate", "begin", DomainXmlTest.domain("")));
        assertEquals(Optional.empty(), hook.run("started", "begin", xml("d".repeat(64))));
        assertEquals(Optional.empty(), hook.run("release", "end", xml("d".repeat(64)))); // nothing mounted: nothing to do
    }
}
