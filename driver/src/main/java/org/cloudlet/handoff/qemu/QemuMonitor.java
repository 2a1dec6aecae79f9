package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;

/**
 * A QEMU monitor taking QMP commands: a QMP socket of its own ({@link QmpClient}), or the monitor libvirt holds for a
 * domain. A QMP error becomes a {@link QmpException}.
 */
public interface QemuMonitor extends AutoCloseable {
    /** Runs a command and returns its "return" value. */
    default JsonNode execute(String command) throws IOException {
        return execute(command, Map.of());
    }

    /** Runs a command with arguments and returns its "return" value. */
    JsonNode execute(String command, Map<String, ?> arguments) throws IOException;

    /** The libvirt domain this QEMU runs, when the monitor knows it. */
    default java.util.Optional<String> domain() {
        return java.util.Optional.empty();
    }

    @Override
    void close() throws IOException;
}
