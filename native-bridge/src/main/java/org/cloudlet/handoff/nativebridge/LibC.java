package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Library;

/** The few libc calls the JDK lacks. */
interface LibC extends Library {
    int O_WRONLY = 1;
    int FALLOC_FL_KEEP_SIZE = 0x01;
    int FALLOC_FL_PUNCH_HOLE = 0x02;

    int open(String path, int flags);

    int close(int fd);

    int fallocate(int fd, int mode, long offset, long length);

    int PRIO_PROCESS = 0;

    /** The calling thread's kernel id (glibc 2.30 and later). */
    int gettid();

    /** With {@code which} PRIO_PROCESS and a thread id, Linux sets that one thread's nice value. */
    int setpriority(int which, int who, int prio);
}
