package org.cloudlet.handoff.libvirt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainXmlTest {
    static String domain(String metadata) {
        return """
                <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <name>vm &amp; co</name>
                  <uuid>0b2e3c1a-9d7e-4f1b-8a55-2d3c4e5f6a7b</uuid>
                  %s
                  <devices>
                    <disk type='file' device='cdrom'><source file='/iso/x.iso'/><target dev='hdc' bus='ide'/></disk>
                    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/src/vm/vda/mnt/disk.img'/><target dev='vda' bus='virtio'/></disk>
                  </devices>
                  <qemu:commandline><qemu:arg value='-global'/></qemu:commandline>
                </domain>
                """.formatted(metadata);
    }

    @Test
    void theHandoffMetadataNamesTheBaseAndTheTrackedDisks() throws IOException {
        DomainXml d = DomainXml.parse(domain("<metadata><other xmlns='urn:x'/><handoff:base xmlns:handoff='" + LibvirtVmLocator.METADATA_NS
                + "' id='" + "c".repeat(64) + "'><handoff:disk dev='vda'/></handoff:base></metadata>"));
        assertEquals("vm & co", d.name());
        assertEquals(Optional.of("c".repeat(64)), d.baseId());
        assertEquals(List.of("vda"), d.trackedDisks());
        assertEquals(Optional.of(Path.of("/src/vm/vda/mnt/disk.img")), d.diskSource("vda"));
        assertEquals(Optional.of(Path.of("/iso/x.iso")), d.diskSource("hdc"));
        assertEquals(Optional.empty(), d.diskSource("vdb"));
    }

    @Test
    void aRewrittenDiskKeepsEverythingElse() throws IOException {
        DomainXml d = DomainXml.parse(domain("<metadata><handoff:base xmlns:handoff='" + LibvirtVmLocator.METADATA_NS
                + "' id='" + "c".repeat(64) + "'><handoff:disk dev='vda'/></handoff:base></metadata>"));
        d.setDiskSource("vda", Path.of("/dst/vm/vda/mnt/disk.img"));
        DomainXml again = DomainXml.parse(d.toXml());
        assertEquals(Optional.of(Path.of("/dst/vm/vda/mnt/disk.img")), again.diskSource("vda"));
        assertEquals(Optional.of(Path.of("/iso/x.iso")), again.diskSource("hdc"));
        assertEquals(List.of("vda"), again.trackedDisks());
        assertEquals("vm & co", again.name());
        assertTrue(d.toXml().contains("qemu:arg value=\"-global\""), d.toXml()); // libvirt's own namespace survives
        assertThrows(IOException.class, () -> d.setDiskSource("vdb", Path.of("/x")));
    }

    @Test
    void aDomainWithoutTheMetadataHasNoBaseAndNoTrackedDisks() throws IOException {
        DomainXml d = DomainXml.parse(domain(""));
        assertEquals(Optional.empty(), d.baseId());
        assertEquals(List.of(), d.trackedDisks());
        assertThrows(IOException.class, () -> DomainXml.parse("<network><name>x</name></network>"));
        assertThrows(IOException.class, () -> DomainXml.parse("<domain><name>"));
    }
}
