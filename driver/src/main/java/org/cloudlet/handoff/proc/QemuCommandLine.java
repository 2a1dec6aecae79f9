package org.cloudlet.handoff.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The guest name a QEMU process was started with ({@code -name guest=NAME,…}, libvirt's domain name). */
public final class QemuCommandLine {
    private QemuCommandLine() {
    }

    /** The name in the process's {@code /proc/PID/cmdline}, or empty for a process that is not such a QEMU. */
    public static Optional<String> guestName(Path proc, long pid) {
        try {
            return guestName(Files.readString(proc.resolve(Long.toString(pid)).resolve("cmdline"), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The name in a QEMU argument list. */
    static Optional<String> guestName(String[] args) {
        if (args.length == 0 || !Path.of(args[0]).getFileName().toString().startsWith("qemu-system")) {
            return Optional.empty();
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-name")) {
                return Optional.of(nameIn(args[i + 1]));
            }
        }
        return Optional.empty();
    }

    /** {@code guest=NAME,opt=…} or a bare {@code NAME}; QEMU's option syntax doubles a comma inside a value. */
    private static String nameIn(String option) {
        String value = option.startsWith("guest=") ? option.substring("guest=".length()) : option;
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') {
                if (i + 1 < value.length() && value.charAt(i + 1) == ',') {
                    name.append(',');
                    i++;
                    continue;
                }
                break;
            }
            name.append(c);
        }
        return name.toString();
    }
}
