package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * The migration capabilities that put into QEMU's stream what the handoff codec does not carry. Read from
 * {@code query-migrate-capabilities} when QEMU connects, they refuse a handoff at once and by name: the stream
 * itself may show them only late (an xbzrle page comes only when a page is sent again) or never in a short one.
 */
public final class MigrationCapabilities {
    /** Capability name → what it puts in the stream. */
    private static final Map<String, String> UNCARRIED = Map.of(
            "xbzrle", "QEMU's own encoding of re-sent pages (XBZRLE pages)",
            "compress", "pages compressed by QEMU's threads (COMPRESS_PAGE)",
            "multifd", "pages on further connections of their own",
            "postcopy-ram", "postcopy, which runs the VM at the destination before its memory is there",
            "x-colo", "COLO checkpoints",
            "block", "block migration (the disk's changes go by the tracked overlay instead)");

    private MigrationCapabilities() {
    }

    /**
     * The first capability that is on in {@code capabilities} (the return of {@code query-migrate-capabilities}: an
     * array of {@code {"capability", "state"}}) and that the codec does not carry, as "NAME: what it sends"; empty if none.
     */
    public static Optional<String> uncarried(JsonNode capabilities) {
        for (JsonNode c : capabilities) {
            String name = c.path("capability").asText();
            if (c.path("state").asBoolean(false) && UNCARRIED.containsKey(name)) {
                return Optional.of(name + ": " + UNCARRIED.get(name));
            }
        }
        return Optional.empty();
    }
}
