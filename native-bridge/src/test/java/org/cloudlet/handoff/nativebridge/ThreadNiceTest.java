package org.cloudlet.handoff.nativebridge;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ThreadNiceTest {
    private static String ownTid() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    }

    /** Field 19 of /proc/self/task/TID/stat: the thread's nice value. */
    private static int niceOf(String tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void lowersOnlyTheCallingThread() throws Exception {
        String self = ownTid();
        int before = niceOf(self);
        AtomicReference<String> failure = new AtomicReference<>("not run");
        AtomicReference<String> tid = new AtomicReference<>();
        CountDownLatch set = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                failure.set(ThreadNice.set(ThreadNice.LOWEST));
                tid.set(ownTid());
                set.countDown();
                checked.await();
            } catch (Exception e) {
                failure.set(e.toString());
                set.countDown();
            }
        });
        t.start();
        set.await();
        try {
            assertNull(failure.get());
            assertEquals(ThreadNice.LOWEST, niceOf(tid.get()));
            assertEquals(before, niceOf(self), "the caller's thread keeps its priority");
        } finally {
            checked.countDown();
            t.join();
        }
    }
}
