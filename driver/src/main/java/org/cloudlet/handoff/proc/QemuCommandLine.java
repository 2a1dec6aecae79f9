package org.cloudlet.handoff.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a QEMU process was started with, from its arguments: the guest name ({@code -name guest=NAME,…}, libvirt's
 * domain name) and the image files of its disks ({@code -blockdev} as libvirt writes it, or {@code -drive file=}).
 */
public final class QemuCommandLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QemuCommandLine() {
    }

    /** The arguments of {@code /proc/PID/cmdline}, or empty for a process that is gone or not a QEMU. */
    public static Optional<String[]> of(Path proc, long pid) {
        try {
            String[] args = Files.readString(proc.resolve(Long.toString(pid)).resolve("cmdline"), StandardCharsets.UTF_8).split("\0");
            return isQemu(args) ? Optional.of(args) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The name in the process's {@code /proc/PID/cmdline}, or empty for a process that is not such a QEMU. */
    public static Optional<String> guestName(Path proc, long pid) {
        return of(proc, pid).flatMap(QemuCommandLine::guestName);
    }

    /** The name in a QEMU argument list. */
    static Optional<String> guestName(String[] args) {
        if (!isQemu(args)) {
            return Optional.empty();
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-name")) {
                Map<String, String> o = options(args[i + 1]); // "guest=NAME,opt=…" or a bare "NAME,opt=…"
                if (o.containsKey("guest")) {
                    return Optional.of(o.get("guest"));
                }
                return o.entrySet().stream().filter(e -> e.getValue().isEmpty() && !e.getKey().isEmpty()).map(Map.Entry::getKey).findFirst();
            }
        }
        return Optional.empty();
    }

    /**
     * The host files a QEMU's disks read and write, in argument order: the {@code filename} of every protocol node
     * of driver {@code file} in a {@code -blockdev} (JSON or key=value), and the {@code file} of a {@code -drive}.
     */
    public static List<Path> diskFiles(String[] args) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            String value = args[i + 1];
            if (args[i].equals("-blockdev")) {
                if (value.startsWith("{")) {
                    try {
                        fileNodes(JSON.readTree(value), files);
                    } catch (IOException e) {
                        // not JSON after all: QEMU would have refused it
                    }
                } else {
                    Map<String, String> o = options(value);
                    if ("file".equals(o.get("driver")) && o.containsKey("filename")) {
                        files.add(Path.of(o.get("filename")));
                    }
                }
            } else if (args[i].equals("-drive")) {
                String file = options(value).get("file");
                if (file != null && !file.isEmpty()) {
                    files.add(Path.of(file));
                }
            }
        }
        return files;
    }

    /** A {@code -blockdev} in JSON: a node of driver "file", or a format node whose "file" child is one. */
    private static void fileNodes(JsonNode node, List<Path> files) {
        if (node == null || !node.isObject()) {
            return;
        }
        if ("file".equals(node.path("driver").asText()) && node.path("filename").isTextual()) {
            files.add(Path.of(node.get("filename").asText()));
        }
        fileNodes(node.get("file"), files);
    }

    private static boolean isQemu(String[] args) {
        return args.length > 0 && !args[0].isEmpty() && Path.of(args[0]).getFileName().toString().startsWith("qemu-system");
    }

    /**
     * QEMU's option syntax: {@code key=value,key=value}, a comma inside a value doubled; a bare word is a key with
     * an empty value.
     */
    static Map<String, String> options(String option) {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= option.length(); i++) {
            char c = i < option.length() ? option.charAt(i) : ',';
            if (c == ',' && i + 1 < option.length() && option.charAt(i + 1) == ',') {
                part.append(',');
                i++;
            } else if (c == ',') {
                String p = part.toString();
                int eq = p.indexOf('=');
                out.putIfAbsent(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return out;
    }
}
