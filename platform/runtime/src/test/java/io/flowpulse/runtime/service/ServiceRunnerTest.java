package io.flowpulse.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final CapturedHook hooks = new CapturedHook();
    private final ServiceRunner runner = new ServiceRunner("flowpulse test",
            new PrintStream(messages, true, StandardCharsets.UTF_8), hooks, Duration.ofSeconds(5));

    @Test
    void aServiceThatFinishesItsWorkExitsWithZeroAndIsClosed() {
        FakeService capture = new FakeService("capture").finishesAtOnce();

        int code = runner.add(capture).run();

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(events).containsExactly("start capture", "stop capture", "close capture");
        assertThat(hooks.removed).isTrue();
    }

    @Test
    void exitCodesFollowWhatWentWrong() {
        assertThat(runFailingAtStart(new ServiceUnavailableException("Kafka unavailable at 127.0.0.1:9"))).isEqualTo(3);
        assertThat(runFailingAtStart(new UnreadableInputException("no such file or directory: x.json"))).isEqualTo(4);
        assertThat(runFailingAtStart(new NoSuchFileException("x.json"))).isEqualTo(4);
        assertThat(runFailingAtStart(new Config.ConfigException("http.port 'x' is not a number"))).isEqualTo(2);
        assertThat(runFailingAtStart(new IllegalStateException("boom"))).isEqualTo(1);

        FakeService failing = new FakeService("streams").failsInAwait(new Exception("stopped after an error: disk full"));
        ServiceRunner single = newRunner();
        assertThat(single.add(failing).run()).isEqualTo(ExitCodes.FAILURE);
        assertThat(messages.toString(StandardCharsets.UTF_8))
                .contains("flowpulse test: stopped after an error: disk full");
    }

    @Test
    void whenOneServiceEndsTheOthersStopInReverseStartOrder() {
        FakeService stack = new FakeService("stack");
        FakeService ingest = new FakeService("ingest");
        FakeService streams = new FakeService("streams");
        FakeService view = new FakeService("view").finishesAtOnce();

        int code = runner.add(stack).add(ingest).add(streams).add(view).run();

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(events).containsExactly(
                "start stack", "start ingest", "start streams", "start view",
                "stop view", "stop streams", "stop ingest", "stop stack",
                "close view", "close streams", "close ingest", "close stack");
    }

    @Test
    void theShutdownHookStopsEveryServiceAndWaitsForTheRunToFinish() throws Exception {
        FakeService ingest = new FakeService("ingest");
        FakeService sink = new FakeService("sink");
        AtomicReference<Integer> summarized = new AtomicReference<>();
        runner.add(ingest).add(sink).whenDone(summarized::set);

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(runner::run);
        sink.started.await(5, TimeUnit.SECONDS);
        assertThat(run).isNotDone();

        hooks.hook.get().run(); // what the JVM does on SIGINT or SIGTERM; returns once the run is over

        assertThat(summarized.get()).as("summary before the hook returned").isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(runner.stoppedBySignal()).isTrue();
        assertThat(events).containsExactly("start ingest", "start sink", "stop sink", "stop ingest",
                "close sink", "close ingest");
    }

    @Test
    void aSignalDuringAStartStopsThatServiceAndStartsNoMore() throws Exception {
        FakeService stack = new FakeService("stack");
        FakeService slow = new FakeService("clickhouse").startsUntilStopped();
        FakeService never = new FakeService("sink");

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(runner.add(stack).add(slow).add(never)::run);
        slow.startEntered.await(5, TimeUnit.SECONDS);
        hooks.hook.get().run();

        assertThat(run.get(5, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(events).containsExactly("start stack", "start clickhouse", "stop clickhouse", "stop stack",
                "close clickhouse", "close stack");
        assertThat(messages.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aServiceFailingAtStartStopsTheOnesStartedBeforeItAndTheRestIsNeverBuilt() {
        FakeService stack = new FakeService("stack");
        FakeService ingest = new FakeService("ingest");
        FakeService streams = new FakeService("streams")
                .failsAtStart(new ServiceUnavailableException("Kafka unavailable at 127.0.0.1:1"));
        List<String> built = new ArrayList<>();

        int code = runner.add(stack).add(ingest).add(streams)
                .addLater(() -> {
                    built.add("sink");
                    return new FakeService("sink");
                }).run();

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(built).isEmpty();
        assertThat(events).containsExactly("start stack", "start ingest", "start streams",
                "stop ingest", "stop stack", "close streams", "close ingest", "close stack");
        assertThat(messages.toString(StandardCharsets.UTF_8))
                .isEqualTo("flowpulse test: streams: Kafka unavailable at 127.0.0.1:1" + System.lineSeparator());
    }

    @Test
    void aServiceBuiltLaterSeesWhatTheOnesBeforeItStartedAndNullMeansNothingToRun() {
        FakeService stack = new FakeService("stack");
        List<String> seen = new ArrayList<>();

        int code = runner.add(stack)
                .addLater(() -> {
                    seen.add("stack started: " + events.contains("start stack"));
                    return null;
                })
                .addLater(() -> new FakeService("view").finishesAtOnce())
                .run();

        assertThat(code).isZero();
        assertThat(seen).containsExactly("stack started: true");
        assertThat(events).containsExactly("start stack", "start view", "stop view", "stop stack",
                "close view", "close stack");
    }

    @Test
    void metricsAndHealthAreServedWhileTheServiceRuns() throws Exception {
        FakeService sink = new FakeService("sink");
        sink.healthy = false;
        AtomicReference<String> url = new AtomicReference<>();
        CountDownLatch announced = new CountDownLatch(1);
        runner.add(sink, "127.0.0.1", 0, u -> {
            url.set(u);
            announced.countDown();
        });
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(runner::run);
        assertThat(announced.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(get(url.get() + "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(url.get() + "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("\"clickhouse\":{\"status\":\"DOWN\",\"detail\":\"no answer\"}");
        sink.healthy = true;
        HttpResponse<String> ready = get(url.get() + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"service\":{\"status\":\"UP\",\"detail\":\"running\"}");
        assertThat(get(url.get() + "/metrics").body()).contains("fake_rows_total{service=\"sink\"} 7.0");

        sink.finish();
        assertThat(run.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(url.get()).startsWith("http://127.0.0.1:");
    }

    @Test
    void aServiceThatDoesNotStopInTimeIsReportedAndStillClosed() {
        ServiceRunner impatient = new ServiceRunner("flowpulse test",
                new PrintStream(messages, true, StandardCharsets.UTF_8), hooks, Duration.ofMillis(200));
        FakeService stubborn = new FakeService("stubborn").ignoresStop();
        FakeService done = new FakeService("capture").finishesAtOnce();

        int code = impatient.add(stubborn).add(done).run();

        assertThat(code).isZero();
        assertThat(events).endsWith("close capture", "close stubborn");
        assertThat(messages.toString(StandardCharsets.UTF_8))
                .contains("flowpulse test: stubborn did not stop within 0.2 s");
    }

    @Test
    void aServiceStoppedBecauseAnotherEndedMayEndWithAnInterruption() {
        FakeService reader = new FakeService("reader").interruptedWhenStopped();
        FakeService view = new FakeService("view").finishesAtOnce();

        assertThat(runner.add(reader).add(view).run()).isZero();
        assertThat(messages.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private int runFailingAtStart(Exception error) {
        return newRunner().add(new FakeService("x").failsAtStart(error)).run();
    }

    private ServiceRunner newRunner() {
        return new ServiceRunner("flowpulse test", new PrintStream(messages, true, StandardCharsets.UTF_8),
                new CapturedHook(), Duration.ofSeconds(5));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Keeps the hook instead of giving it to the JVM, so the test can run it. */
    private static final class CapturedHook implements ServiceRunner.ShutdownHooks {
        final AtomicReference<Thread> hook = new AtomicReference<>();
        volatile boolean removed;

        @Override
        public void add(Thread h) {
            hook.set(h);
        }

        @Override
        public void remove(Thread h) {
            removed = true;
        }
    }

    /** Writes what is done to it into {@link #events}; its work lasts until stopped unless told otherwise. */
    private final class FakeService implements Service {
        final String name;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch startEntered = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final PrometheusMeterRegistry registry;
        volatile boolean healthy = true;
        private Exception startFailure;
        private Exception awaitFailure;
        private boolean blockStartUntilStopped;
        private boolean ignoreStop;
        private boolean interruptedOnStop;
        private volatile boolean stopped;

        FakeService(String name) {
            this.name = name;
            this.registry = Metrics.newRegistry(name);
            registry.counter("fake_rows").increment(7);
        }

        FakeService finishesAtOnce() {
            done.countDown();
            return this;
        }

        FakeService failsAtStart(Exception e) {
            startFailure = e;
            return this;
        }

        FakeService failsInAwait(Exception e) {
            awaitFailure = e;
            done.countDown();
            return this;
        }

        FakeService startsUntilStopped() {
            blockStartUntilStopped = true;
            return this;
        }

        FakeService ignoresStop() {
            ignoreStop = true;
            return this;
        }

        FakeService interruptedWhenStopped() {
            interruptedOnStop = true;
            return this;
        }

        void finish() {
            done.countDown();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws Exception {
            events.add("start " + name);
            startEntered.countDown();
            if (startFailure != null) {
                throw startFailure;
            }
            if (blockStartUntilStopped) {
                done.await();
                throw new InterruptedException("stopped while starting");
            }
            started.countDown();
        }

        @Override
        public void stop() {
            events.add("stop " + name);
            stopped = true;
            if (!ignoreStop) {
                done.countDown();
            }
        }

        @Override
        public void await() throws Exception {
            done.await();
            if (awaitFailure != null) {
                throw awaitFailure;
            }
            if (interruptedOnStop && stopped) {
                throw new InterruptedException("stopped before the end of the input");
            }
        }

        @Override
        public Map<String, HealthCheck> healthChecks() {
            return Map.of("clickhouse", () -> healthy ? HealthCheck.Status.up("ok") : HealthCheck.Status.down("no answer"));
        }

        @Override
        public PrometheusMeterRegistry metrics() {
            return registry;
        }

        @Override
        public void close() {
            events.add("close " + name);
        }
    }
}
