package org.cloudlet.handoff.adapt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every 100 ms sample and every decision of one handoff, written as JSON: {@code {"samples": [...], "decisions":
 * [...]}}; rates in bytes per second, times in seconds since the handoff began. {@code handoff report} draws it.
 */
public final class AdaptationTrace {
    private final List<Map<String, Object>> samples = new ArrayList<>();
    private final List<Map<String, Object>> decisions = new ArrayList<>();
    private final Map<String, Object> info = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> events = new LinkedHashMap<>();

    public synchronized void info(String key, Object value) {
        info.put(key, value);
    }

    public synchronized void sample(Map<String, Object> s) {
        samples.add(s);
    }

    public synchronized void decision(Map<String, Object> d) {
        decisions.add(d);
    }

    /** Another kind of timed record (e.g. the iteration control's), under its own top-level key. */
    public synchronized void event(String kind, Map<String, Object> e) {
        events.computeIfAbsent(kind, k -> new ArrayList<>()).add(e);
    }

    public synchronized List<Map<String, Object>> decisions() {
        return List.copyOf(decisions);
    }

    public synchronized List<Map<String, Object>> samples() {
        return List.copyOf(samples);
    }

    public synchronized void write(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>(info);
        root.put("samples", samples);
        root.put("decisions", decisions);
        root.putAll(events);
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
