package org.cloudlet.handoff.libvirt;

import org.junit.jupiter.api.Test;

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
}
