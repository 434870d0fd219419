package io.flowpulse.localstack;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a service's health check until it answers, its process dies or time runs out. */
final class Readiness {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private Readiness() {
    }

    static void await(String service, ChildProcess process, Duration timeout, Callable<Boolean> isReady) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            if (!process.isAlive()) {
                throw new ServiceStartException(service + " exited with code " + process.exitCodeOrMinusOne()
                        + " before it was ready\n" + LogTail.of(process.logFile()));
            }
            try {
                if (isReady.call()) {
                    return;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                process.stop(Duration.ofSeconds(5));
                throw new ServiceStartException(service + " was not ready within " + timeout.toSeconds() + " s"
                        + (lastFailure == null ? "" : " (last check: " + lastFailure + ")")
                        + "\n" + LogTail.of(process.logFile()));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.stop(Duration.ZERO);
                throw new ServiceStartException(service + ": interrupted while waiting for it to be ready", e);
            }
        }
    }
}
