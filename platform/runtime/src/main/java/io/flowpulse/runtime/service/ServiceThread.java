package io.flowpulse.runtime.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The thread a {@link Service} does its work on, and the outcome of that work: started once, awaited
 * by the runner (which gets the work's failure rethrown), and waited for with a bound on close.
 */
public final class ServiceThread {

    /** Work that may fail with any exception. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final String name;
    private final boolean daemon;
    private final CountDownLatch ended = new CountDownLatch(1);
    private Thread thread;
    private volatile Throwable failure;

    /** {@code name}: the thread's name, also used in messages ("sink", "ingest-relay"). */
    public ServiceThread(String name) {
        this(name, false);
    }

    /** {@code daemon}: for work that must not keep the JVM alive (a command's progress line, a view). */
    public ServiceThread(String name, boolean daemon) {
        this.name = name;
        this.daemon = daemon;
    }

    /** Runs {@code work} on a new thread; a second start is refused. */
    public synchronized void start(Work work) {
        if (thread != null) {
            throw new IllegalStateException(name + " was started already");
        }
        thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception | Error e) {
                failure = e;
            } finally {
                ended.countDown();
            }
        }, name);
        thread.setDaemon(daemon);
        thread.start();
    }

    /** Records a failure found by the work itself (when it ends without throwing). */
    public void fail(Throwable error) {
        failure = error;
    }

    public synchronized boolean started() {
        return thread != null;
    }

    /** Waits for the work to end and rethrows what made it fail. */
    public void await() throws Exception {
        if (!started()) {
            throw new IllegalStateException(name + " was not started");
        }
        ended.await();
        Throwable f = failure;
        if (f instanceof Exception e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** Waits up to {@code timeout} for the work to end (at once when it never started); true when it has. */
    public boolean awaitEnd(Duration timeout) {
        if (!started()) {
            return true;
        }
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
