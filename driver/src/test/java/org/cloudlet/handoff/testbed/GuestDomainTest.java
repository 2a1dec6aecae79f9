package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.libvirt.LibvirtVmLocator;
import org.cloudlet.handoff.qemu.QemuVm;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GuestDomainTest {
    private static final QemuVm.Spec TINY = QemuVm.Spec.of(Path.of("/guests/it's <tiny>"), 192);

    @Test
    void aTcgGuestGetsItsOwnRamBackendAndNamesItsBase() throws Exception {
        String base = "ab".repeat(32);
        Document d = parse(GuestDomain.xml("vm&1", TINY, List.of("-global", "x=1"), base));
        Element root = d.getDocumentElement();
        assertEquals("qemu", root.getAttribute("type"));
        assertEquals("vm&1", d.getElementsByTagName("name").item(0).getTextContent());
        assertEquals("/guests/it's <tiny>/vmlinuz", d.getElementsByTagName("kernel").item(0).getTextContent());
        Element meta = (Element) d.getElementsByTagNameNS(LibvirtVmLocator.METADATA_NS, "base").item(0);
        assertEquals(base, meta.getAttribute("id"));
        List<String> args = new ArrayList<>();
        var nodes = d.getElementsByTagNameNS("http://libvirt.org/schemas/domain/qemu/1.0", "arg");
        for (int i = 0; i < nodes.getLength(); i++) {
            args.add(((Element) nodes.item(i)).getAttribute("value"));
        }
        List<String> expected = new ArrayList<>(List.of("-global", "x=1"));
        expected.addAll(GuestDomain.tcgRam(TINY));
        assertEquals(expected, args);
        assertEquals("memory-backend-ram,id=ram-tcg,size=196600K", args.get(3)); // 8 KiB short of 192 MiB
    }

    @Test
    void aKvmGuestIsPlain() throws Exception {
        QemuVm.Spec kvm = new QemuVm.Spec(TINY.kernel(), TINY.initrd(), null, false, TINY.append(), 192, "kvm", List.of(), List.of());
        Document d = parse(GuestDomain.xml("vm", kvm));
        assertEquals("kvm", d.getDocumentElement().getAttribute("type"));
        assertEquals(0, d.getElementsByTagNameNS("http://libvirt.org/schemas/domain/qemu/1.0", "arg").getLength());
        assertEquals(0, d.getElementsByTagName("metadata").getLength());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
