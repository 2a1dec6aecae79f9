package org.cloudlet.handoff.adapt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs the probes' readings off the controller's thread, one job at a time, so a decision never holds the 100 ms
 * sampler: compressing a few MiB with lzma or bzip2 takes seconds of wall time on cores the pipeline and QEMU keep
 * busy (seen on the 5 -> 35 Mbit/s change: decisions held the sampler 0.5-6.5 s; a rise at 20 s noticed at 22.4 s,
 * and a switch off the slow link's xor+lzma-5 made at 21.9 s on a rise read at 20.4 s, its readings taken first).
 * Readings a decision acts on when they are in ({@link #submit}) say so through {@link #takeArrived()}.
 */
final class ProbeThread implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProbeThread.class.getName());

    private final Executor executor;
    /** The executor this owns and shuts down (null when jobs run in the caller). */
    private final ExecutorService owned;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean arrived = new AtomicBoolean();
    private volatile boolean closed;

    ProbeThread(Executor executor) {
        this(executor, null);
    }

    private ProbeThread(Executor executor, ExecutorService owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /** On a daemon thread of its own. */
    static ProbeThread started() {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "handoff-probe");
            t.setDaemon(true);
            return t;
        });
        return new ProbeThread(e, e);
    }

    /** Each job run in the caller, done when the call returns (tests, and tools that want readings at once). */
    static ProbeThread inline() {
        return new ProbeThread(Runnable::run);
    }

    /** Whether no job is queued or running: the readings are as complete as they will get. */
    boolean idle() {
        return pending.get() == 0;
    }

    /** Runs {@code job} unless another is queued or running (false then): regular readings skip a turn, not pile up. */
    boolean offer(Runnable job) {
        if (!pending.compareAndSet(0, 1)) {
            return false;
        }
        execute(job, false);
        return true;
    }

    /** Queues {@code job} behind whatever is queued or running: readings the next decision needs. */
    void queue(Runnable job) {
        pending.incrementAndGet();
        execute(job, false);
    }

    /** Queues {@code job}, whose readings a decision is to act on once they are in ({@link #takeArrived()}). */
    void submit(Runnable job) {
        pending.incrementAndGet();
        execute(job, true);
    }

    /** Runs {@code job} after whatever is queued, and returns once it is done. */
    void await(Runnable job) {
        pending.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = execute(() -> {
            try {
                job.run();
            } finally {
                done.complete(null);
            }
        }, false);
        if (queued) {
            done.join();
        }
    }

    /** Whether a {@link #submit submitted} job has finished since the last call. */
    boolean takeArrived() {
        return arrived.getAndSet(false);
    }

    /** False where the executor refused the job (closed). */
    private boolean execute(Runnable job, boolean decisive) {
        Runnable wrapped = () -> {
            try {
                if (!closed) {
                    job.run();
                }
            } catch (RuntimeException e) {
                LOG.warning("probe: " + e); // a failed reading leaves the readings as they were; the handoff goes on
            } finally {
                if (decisive) {
                    arrived.set(true);
                }
                pending.decrementAndGet();
            }
        };
        try {
            executor.execute(wrapped);
            return true;
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // closed: the handoff is over
            return false;
        }
    }

    /** Skips what is still queued and runs {@code last} (releasing what the jobs used) after the running job. */
    void close(Runnable last) {
        closed = true;
        if (owned == null) {
            last.run();
            return;
        }
        try {
            owned.execute(last);
        } catch (RejectedExecutionException e) {
            return; // closed before
        }
        owned.shutdown();
    }

    @Override
    public void close() {
        close(() -> { });
    }
}
