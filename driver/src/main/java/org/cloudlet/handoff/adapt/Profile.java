package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.profile.ProfileTable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline profile the controller scales: for each mode, the CPU time per 4 KiB input chunk of every pipeline
 * stage (one worker) and the output/input ratio R, measured on a reference workload ({@code handoff profile}'s
 * CSV, rows with threads = 1), and its decoder's time per chunk. Stage names are those of {@link ProfileTable#STAGES}.
 */
public final class Profile {
    /** Where the shipped default lives on the class path. */
    static final String BUILT_IN = "default-profile.csv";

    /**
     * One mode's measured costs: stage → CPU µs per input chunk, R, and the decoder's µs per input chunk (one
     * worker's wall time; 0 where the profile has no decode column).
     */
    public record Entry(Mode mode, Map<String, Double> stageMicros, double ratio, double decodeMicros) {
        public Entry {
            stageMicros = Collections.unmodifiableMap(new LinkedHashMap<>(stageMicros));
        }

        public Entry(Mode mode, Map<String, Double> stageMicros, double ratio) {
            this(mode, stageMicros, ratio, 0);
        }

        public double micros(String stage) {
            return stageMicros.getOrDefault(stage, 0.0);
        }

        public double totalMicros() {
            return stageMicros.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final Map<Mode, Entry> entries;
    private final String source;

    private Profile(Map<Mode, Entry> entries, String source) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + ": no single-thread rows (threads = 1) in the profile");
        }
        this.entries = Collections.unmodifiableMap(entries);
        this.source = source;
    }

    /** The profile shipped in the jar. */
    public static Profile builtIn() {
        try (InputStream in = Profile.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in profile " + BUILT_IN + " is missing from the class path");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Profile load(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv)) {
            return read(r, csv.toString());
        }
    }

    /** Reads {@code handoff profile --csv} output; errors name the line and the column. */
    static Profile read(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new IOException(source + ": empty profile");
        }
        List<String> columns = List.of(header.trim().split(","));
        int mode = column(columns, "mode", source);
        int threads = column(columns, "threads", source);
        int ratio = column(columns, "ratio", source);
        Map<String, Integer> stages = new LinkedHashMap<>();
        for (String stage : ProfileTable.STAGES) {
            stages.put(stage, column(columns, "p_" + stage.replace('-', '_') + "_us", source));
        }
        int chunks = columns.indexOf("chunks");
        int decode = columns.indexOf("decode_wall_s"); // older profiles lack it: no decode costs then
        Map<Mode, Entry> out = new LinkedHashMap<>();
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != columns.size()) {
                throw new IOException(source + " line " + n + ": " + f.length + " fields (expected: " + columns.size() + ")");
            }
            try {
                if (Integer.parseInt(f[threads].trim()) != 1) {
                    continue;
                }
                Map<String, Double> micros = new HashMap<>();
                for (Map.Entry<String, Integer> s : stages.entrySet()) {
                    micros.put(s.getKey(), nonNegative(f[s.getValue()], s.getKey()));
                }
                Map<String, Double> ordered = new LinkedHashMap<>();
                ProfileTable.STAGES.forEach(s -> ordered.put(s, micros.get(s)));
                Mode m = Mode.parse(f[mode]);
                double decodeMicros = 0;
                if (decode >= 0 && chunks >= 0) {
                    double rowChunks = nonNegative(f[chunks], "chunks");
                    decodeMicros = rowChunks == 0 ? 0 : nonNegative(f[decode], "decode_wall_s") * 1e6 / rowChunks;
                }
                out.put(m, new Entry(m, ordered, nonNegative(f[ratio], "ratio"), decodeMicros));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return new Profile(out, source);
    }

    private static int column(List<String> columns, String name, String source) throws IOException {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IOException(source + ": no column '" + name + "' (is it `handoff profile --csv` output?)");
        }
        return i;
    }

    private static double nonNegative(String field, String what) {
        double v = Double.parseDouble(field.trim());
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " " + field + " (expected: a number >= 0)");
        }
        return v;
    }

    public Entry entry(Mode mode) {
        return entries.get(mode);
    }

    public boolean has(Mode mode) {
        return entries.containsKey(mode);
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    public List<Mode> modes() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public String toString() {
        return source + " (" + entries.size() + " modes)";
    }
}
