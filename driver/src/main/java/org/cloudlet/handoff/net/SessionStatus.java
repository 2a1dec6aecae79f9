package org.cloudlet.handoff.net;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** What one source handoff has done so far, as the daemon's control socket reports it. */
public final class SessionStatus {
    private final int qemuPort;
    private final String peer;
    private final long startedMillis = System.currentTimeMillis();
    private volatile String state = "starting";
    private volatile String message = "";
    private volatile String domain;
    private volatile long iteration;
    private volatile long modifiedBytes;
    private volatile String traceFile;
    private volatile LongSupplier qemuBytes = () -> 0;
    private volatile LongSupplier ackedBytes = () -> 0;
    private volatile Supplier<String> mode = () -> "";

    SessionStatus(int qemuPort, String peer) {
        this.qemuPort = qemuPort;
        this.peer = peer;
    }

    /** The stream is flowing: where its counters are read from. */
    void running(LongSupplier qemuBytes, LongSupplier ackedBytes, Supplier<String> mode) {
        this.qemuBytes = qemuBytes;
        this.ackedBytes = ackedBytes;
        this.mode = mode;
        state = "running";
    }

    /** The libvirt domain whose QEMU migrates, once known. */
    void domain(String name) {
        domain = name;
    }

    /** QEMU's dirty-sync count (its iteration). */
    void iteration(long n) {
        iteration = n;
    }

    void complete(long modified, String trace) {
        modifiedBytes = modified;
        traceFile = trace;
        freeze();
        state = "complete";
    }

    void failed(String why) {
        message = why;
        freeze();
        state = "failed";
    }

    boolean finished() {
        return state.equals("complete") || state.equals("failed");
    }

    /** A finished session keeps its last counts, not the (closed) streams'. */
    private void freeze() {
        long q = qemuBytes.getAsLong();
        long a = ackedBytes.getAsLong();
        String m = mode.get();
        qemuBytes = () -> q;
        ackedBytes = () -> a;
        mode = () -> m;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("qemu_port", qemuPort).put("peer", peer).put("started_ms", startedMillis).put("state", state)
                .put("qemu_bytes", qemuBytes.getAsLong()).put("acked_bytes", ackedBytes.getAsLong()).put("mode", mode.get())
                .put("iteration", iteration);
        if (domain != null) {
            n.put("domain", domain);
        }
        if (!message.isEmpty()) {
            n.put("message", message);
        }
        if (state.equals("complete")) {
            n.put("modified_bytes", modifiedBytes);
            if (traceFile != null) {
                n.put("trace", traceFile);
            }
        }
        return n;
    }
}
