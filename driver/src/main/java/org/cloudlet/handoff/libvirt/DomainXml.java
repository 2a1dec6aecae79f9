package org.cloudlet.handoff.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A libvirt domain's XML as the hook gets it, and the handoff's metadata in it:
 * {@code <handoff:base id="HEX"><handoff:disk dev="vda"/></handoff:base>} in {@link LibvirtVmLocator#METADATA_NS}
 * names the base the domain was started from and the disks (by target device) that run on a tracked disk over that
 * base's disk image, whose changes a handoff carries.
 */
public final class DomainXml {
    private final Document doc;

    private DomainXml(Document doc) {
        this.doc = doc;
    }

    public static DomainXml parse(String xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            if (!"domain".equals(d.getDocumentElement().getLocalName())) {
                throw new IOException("not a libvirt domain XML (root element <" + d.getDocumentElement().getNodeName() + ">)");
            }
            return new DomainXml(d);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    public String name() {
        return child(doc.getDocumentElement(), "name").map(Node::getTextContent).map(String::strip).orElse("");
    }

    /** The base named in the handoff metadata, if any. */
    public Optional<String> baseId() {
        return metadata().map(e -> e.getAttribute("id")).filter(id -> !id.isEmpty());
    }

    /** The target devices of the disks the metadata names as tracked. */
    public List<String> trackedDisks() {
        List<String> devs = new ArrayList<>();
        metadata().ifPresent(base -> {
            NodeList disks = base.getElementsByTagNameNS(LibvirtVmLocator.METADATA_NS, "disk");
            for (int i = 0; i < disks.getLength(); i++) {
                String dev = ((Element) disks.item(i)).getAttribute("dev");
                if (!dev.isEmpty()) {
                    devs.add(dev);
                }
            }
        });
        return devs;
    }

    /** The file behind the disk with target {@code dev}; empty if there is no such file disk. */
    public Optional<Path> diskSource(String dev) {
        return disk(dev).flatMap(d -> child(d, "source")).map(s -> s.getAttribute("file")).filter(f -> !f.isEmpty()).map(Path::of);
    }

    /** Points the file disk with target {@code dev} at {@code file}. */
    public void setDiskSource(String dev, Path file) throws IOException {
        Element source = disk(dev).flatMap(d -> child(d, "source"))
                .orElseThrow(() -> new IOException("the domain has no file disk with target " + dev));
        source.setAttribute("file", file.toString());
    }

    public String toXml() throws IOException {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IOException("could not write the domain XML: " + e.getMessage(), e);
        }
    }

    private Optional<Element> metadata() {
        return child(doc.getDocumentElement(), "metadata").flatMap(m -> {
            NodeList bases = m.getElementsByTagNameNS(LibvirtVmLocator.METADATA_NS, "base");
            return bases.getLength() == 0 ? Optional.empty() : Optional.of((Element) bases.item(0));
        });
    }

    private Optional<Element> disk(String dev) {
        Optional<Element> devices = child(doc.getDocumentElement(), "devices");
        if (devices.isEmpty()) {
            return Optional.empty();
        }
        for (Node n = devices.get().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "disk".equals(e.getLocalName()) && "file".equals(e.getAttribute("type"))
                    && child(e, "target").map(t -> t.getAttribute("dev")).filter(dev::equals).isPresent()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child element named {@code name} in no namespace (libvirt's own elements). */
    private static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && e.getNamespaceURI() == null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
