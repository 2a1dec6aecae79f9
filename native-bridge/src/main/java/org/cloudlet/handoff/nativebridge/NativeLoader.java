package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads a shared library by the first name that resolves. Debian ships only the versioned file name
 * ({@code liblzma.so.5}) unless the -dev package is installed, so the versioned names come first.
 */
final class NativeLoader {
    private NativeLoader() {
    }

    /** A loaded binding, or the reason none of the names could be loaded. */
    record Loaded<T>(T library, String failure) {
        boolean ok() {
            return library != null;
        }
    }

    static <T extends Library> Loaded<T> load(Class<T> type, String... names) {
        if (Boolean.getBoolean("handoff.native.disable")) {
            return new Loaded<>(null, "disabled by -Dhandoff.native.disable=true");
        }
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                return new Loaded<>(Native.load(name, type), null);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return new Loaded<>(null, String.join("; ", failures));
    }
}
