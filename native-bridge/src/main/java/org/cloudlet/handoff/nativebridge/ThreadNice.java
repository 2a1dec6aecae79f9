package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Native;

/**
 * Lowers the calling thread's scheduling priority (its nice value; Linux sets it per thread), which the JDK cannot:
 * {@code Thread.setPriority} is ignored on Linux. Work that should only take what the other threads leave idle.
 */
public final class ThreadNice {
    private static final NativeLoader.Loaded<LibC> LIBC = NativeLoader.load(LibC.class, "c");
    /** The lowest priority: the thread gets about 1.5 % of a core that a thread at nice 0 wants. */
    public static final int LOWEST = 19;

    private ThreadNice() {
    }

    /**
     * Sets the calling thread's nice value to {@code nice}; returns null when done, else why not (no libc binding,
     * no gettid, or the errno of setpriority).
     */
    public static String set(int nice) {
        if (!LIBC.ok()) {
            return LIBC.failure();
        }
        try {
            int tid = LIBC.library().gettid();
            if (LIBC.library().setpriority(LibC.PRIO_PROCESS, tid, nice) != 0) {
                return "setpriority(" + tid + ", " + nice + "): errno " + Native.getLastError();
            }
            return null;
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage();
        }
    }
}
