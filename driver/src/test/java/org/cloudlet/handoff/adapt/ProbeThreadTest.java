package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeThreadTest {
    /** Jobs held until the test runs them: the thread that probes, at the test's pace. */
    private static final class Held {
        final List<Runnable> jobs = new ArrayList<>();
        final ProbeThread thread = new ProbeThread(jobs::add);

        void runAll() {
            List<Runnable> now = new ArrayList<>(jobs);
            jobs.clear();
            now.forEach(Runnable::run);
        }
    }

    @Test
    void regularReadingsSkipATurnWhileEarlierOnesAreStillBeingTaken() {
        Held h = new Held();
        AtomicInteger ran = new AtomicInteger();
        assertTrue(h.thread.offer(ran::incrementAndGet));
        assertFalse(h.thread.offer(ran::incrementAndGet), "the first is still queued");
        assertFalse(h.thread.idle());
        h.runAll();
        assertEquals(1, ran.get());
        assertTrue(h.thread.idle());
        assertFalse(h.thread.takeArrived(), "regular readings are read at the next decision, not acted on when they come");
        assertTrue(h.thread.offer(ran::incrementAndGet));
    }

    @Test
    void readingsADecisionAsksForAreQueuedAndSayWhenTheyAreIn() {
        Held h = new Held();
        AtomicInteger ran = new AtomicInteger();
        h.thread.offer(ran::incrementAndGet);
        h.thread.submit(ran::incrementAndGet); // queued behind the regular one, not skipped
        assertFalse(h.thread.takeArrived());
        h.runAll();
        assertEquals(2, ran.get());
        assertTrue(h.thread.takeArrived());
        assertFalse(h.thread.takeArrived(), "once");
    }

    @Test
    void aFailedReadingLeavesTheThreadUsable() {
        Held h = new Held();
        h.thread.submit(() -> {
            throw new IllegalStateException("codec");
        });
        h.runAll();
        assertTrue(h.thread.idle());
        assertTrue(h.thread.takeArrived(), "the decision that asked is not left waiting");
    }

    @Test
    void onItsOwnThreadAWaitedJobRunsAfterWhatIsQueuedAndCloseSkipsTheRest() throws InterruptedException {
        ProbeThread t = ProbeThread.started();
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        t.offer(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.add("regular");
        });
        new Thread(release::countDown).start();
        t.await(() -> order.add("awaited"));
        assertEquals(List.of("regular", "awaited"), order);
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        t.offer(() -> {
            try {
                hold.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.submit(() -> order.add("after close"));
        t.close(closed::countDown);
        hold.countDown();
        assertTrue(closed.await(5, TimeUnit.SECONDS), "released on its thread once the running job is done");
        assertEquals(List.of("regular", "awaited"), order, "what was queued at the close is skipped");
    }
}
