package org.cloudlet.handoff.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.qemu.QemuMonitor;
import org.cloudlet.handoff.qemu.QmpException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.util.Map;

/**
 * A domain's QEMU monitor, through libvirt ({@code virDomainQemuMonitorCommand}, what {@code virsh
 * qemu-monitor-command} does): libvirt holds QEMU's only QMP socket, and takes such commands during a migration.
 * libvirt marks the domain tainted ("custom-monitor") on the first one.
 */
public final class LibvirtMonitor implements QemuMonitor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connect connection;
    private final Domain domain;

    private final String name;

    private LibvirtMonitor(Connect connection, Domain domain, String name) {
        this.connection = connection;
        this.domain = domain;
        this.name = name;
    }

    @Override
    public java.util.Optional<String> domain() {
        return java.util.Optional.of(name);
    }

    /** Opens libvirt at {@code uri} (e.g. {@code qemu:///system}) for the domain named {@code name}. */
    public static LibvirtMonitor open(String uri, String name) throws IOException {
        Connect c = null;
        try {
            c = LibvirtConnections.open(uri);
            return new LibvirtMonitor(c, c.domainLookupByName(name), name);
        } catch (LibvirtException e) {
            LibvirtConnections.close(c);
            throw new IOException("libvirt " + uri + ", domain " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public JsonNode execute(String command, Map<String, ?> arguments) throws IOException {
        ObjectNode msg = JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            msg.set("arguments", JSON.valueToTree(arguments));
        }
        String reply;
        try {
            reply = domain.qemuMonitorCommand(JSON.writeValueAsString(msg), 0);
        } catch (LibvirtException e) {
            throw new IOException("libvirt: QMP " + command + ": " + e.getMessage(), e);
        }
        JsonNode r = JSON.readTree(reply);
        if (r.has("error")) {
            throw new QmpException(command, r.get("error").path("class").asText(), r.get("error").path("desc").asText());
        }
        return r.path("return");
    }

    @Override
    public void close() throws IOException {
        try {
            domain.free();
        } catch (LibvirtException ignored) {
            // the connection goes anyway
        }
        LibvirtConnections.close(connection);
    }
}
