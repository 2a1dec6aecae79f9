package org.cloudlet.handoff.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bounded queue and the worker threads that drain it, each with its own handler. {@link #put} blocks while the
 * queue is full: that back-pressure is what lets a slow link slow the whole pipeline down to its pace.
 */
final class StageRunner<T> {
    /** Handles one unit; one instance per worker thread. */
    interface Handler<T> {
        void handle(T unit) throws Exception;

        /** After the last unit, on the closing thread. */
        default void finish() throws Exception {
        }
    }

    private static final Object POISON = new Object();

    private final String name;
    private final BlockingQueue<Object> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Handler<T>> handlers = new ArrayList<>();
    private final Failure failure;

    StageRunner(String name, int workers, int capacity, Supplier<Handler<T>> handlerFactory, Failure failure) {
        if (workers < 1) {
            throw new IllegalArgumentException(name + " workers: " + workers + " (expected: >= 1)");
        }
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(Math.max(capacity, workers));
        this.failure = failure;
        for (int i = 0; i < workers; i++) {
            Handler<T> h = handlerFactory.get();
            handlers.add(h);
            Thread t = new Thread(() -> loop(h), "handoff-" + name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    String name() {
        return name;
    }

    /** Queued units: how far this stage lags behind its producer. */
    int backlog() {
        return queue.size();
    }

    void put(T unit) {
        offer(unit);
    }

    private void offer(Object unit) {
        try {
            while (!queue.offer(unit, 50, TimeUnit.MILLISECONDS)) {
                failure.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("interrupted while queueing into " + name, e);
        }
        failure.check();
    }

    @SuppressWarnings("unchecked")
    private void loop(Handler<T> handler) {
        try {
            while (true) {
                Object unit = queue.poll(50, TimeUnit.MILLISECONDS);
                if (unit == POISON) {
                    return;
                }
                if (failure.failed()) {
                    return;
                }
                if (unit != null) {
                    handler.handle((T) unit);
                }
            }
        } catch (Throwable t) {
            failure.record(name, t);
        }
    }

    /** Lets the workers drain the queue, waits for them, then finishes every handler. */
    void close() {
        for (int i = 0; i < threads.size(); i++) {
            offer(POISON);
        }
        join();
        failure.check();
        for (Handler<T> h : handlers) {
            try {
                h.finish();
            } catch (Exception e) {
                failure.record(name, e);
            }
        }
        failure.check();
    }

    /** Stops the workers without draining (after a failure elsewhere). */
    void abort() {
        for (Thread t : threads) {
            t.interrupt();
        }
        join();
    }

    private void join() {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException("interrupted while waiting for " + name, e);
            }
        }
    }
}
