package org.cloudlet.handoff.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Length, modification time and inode of a file: what tells a persisted index it is still current. */
record FileIdentity(long length, long mtimeNanos, long inode) {

    static FileIdentity of(Path file) throws IOException {
        long length = Files.size(file);
        FileTime mtime = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        long nanos = mtime.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        long inode;
        try {
            Object ino = Files.getAttribute(file, "unix:ino");
            inode = ino instanceof Number n ? n.longValue() : 0;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            inode = 0; // not a Unix file system: length and mtime must do
        }
        return new FileIdentity(length, nanos, inode);
    }
}
