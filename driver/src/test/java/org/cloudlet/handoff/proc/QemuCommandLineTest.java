package org.cloudlet.handoff.proc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QemuCommandLineTest {
    @Test
    void theGuestNameOfLibvirtsQemuCommandLine() {
        assertEquals(Optional.of("vm1"), QemuCommandLine.guestName(new String[] {"/usr/bin/qemu-system-x86_64", "-name",
                "guest=vm1,debug-threads=on", "-S"}));
        assertEquals(Optional.of("a,b"), QemuCommandLine.guestName(new String[] {"qemu-system-x86_64", "-name", "guest=a,,b,debug-threads=on"}));
        assertEquals(Optional.of("plain"), QemuCommandLine.guestName(new String[] {"qemu-system-aarch64", "-name", "plain"}));
    }

    @Test
    void otherProcessesHaveNone() {
        assertEquals(Optional.empty(), QemuCommandLine.guestName(new String[] {"/usr/sbin/libvirtd", "-name", "guest=x"}));
        assertEquals(Optional.empty(), QemuCommandLine.guestName(new String[] {"qemu-system-x86_64", "-m", "256"}));
        assertEquals(Optional.empty(), QemuCommandLine.guestName(new String[0]));
    }

    @Test
    void theDiskFilesOfLibvirtsBlockdevsAndOfDrives() {
        String[] libvirt = {"/usr/bin/qemu-system-x86_64", "-name", "guest=g", "-blockdev",
                "{\"driver\":\"file\",\"filename\":\"/var/lib/d/vda/mnt/disk.img\",\"node-name\":\"libvirt-2-storage\",\"discard\":\"unmap\"}",
                "-blockdev", "{\"node-name\":\"libvirt-2-format\",\"read-only\":false,\"driver\":\"raw\",\"file\":\"libvirt-2-storage\"}",
                "-blockdev", "{\"driver\":\"qcow2\",\"node-name\":\"f\",\"file\":{\"driver\":\"file\",\"filename\":\"/images/b.qcow2\"}}",
                "-blockdev", "driver=file,filename=/images/c,,d.img,node-name=n3",
                "-kernel", "/boot/vmlinuz"};
        assertEquals(List.of(Path.of("/var/lib/d/vda/mnt/disk.img"), Path.of("/images/b.qcow2"), Path.of("/images/c,d.img")),
                QemuCommandLine.diskFiles(libvirt));
        assertEquals(List.of(Path.of("/tmp/x/disk.img")), QemuCommandLine.diskFiles(new String[] {"qemu-system-x86_64",
                "-drive", "file=/tmp/x/disk.img,if=virtio,format=raw,discard=unmap", "-drive", "if=none,id=empty"}));
        assertEquals(List.of(), QemuCommandLine.diskFiles(new String[] {"qemu-system-x86_64", "-m", "256", "-blockdev", "{broken"}));
    }
}
