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
}
