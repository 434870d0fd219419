package io.flowpulse.cli.e2e;

import io.flowpulse.localstack.LocalService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Faults of the stack's own processes (broker, registry, ClickHouse). */
final class StackFaults {

    private StackFaults() {
    }

    /** SIGKILL to the service's process and everything it started: no shutdown, nothing flushed. */
    static void kill9(LocalService service) throws Exception {
        ProcessHandle root = ProcessHandle.of(service.pid().orElseThrow(
                () -> new IllegalStateException(service.name() + " is not running"))).orElseThrow();
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service.name() + " still counts as running after SIGKILL");
            }
            Thread.sleep(50);
        }
    }
}
