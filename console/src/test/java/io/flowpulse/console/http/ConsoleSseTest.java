package io.flowpulse.console.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.console.ConsoleMetrics;
import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.history.EventLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event stream over real HTTP, fed straight into the hub (the Kafka side is in
 * ConsoleServiceIntegrationTest): snapshot then live events, resuming by Last-Event-ID, a
 * stalled client beside a healthy one, overflow into a fresh snapshot, and the refusals.
 */
class ConsoleSseTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    ConsoleMetrics metrics = new ConsoleMetrics(new SimpleMeterRegistry());
    EventHub hub;
    ConsoleServer server;
    final List<SseTestClient> clients = new ArrayList<>();

    void start(int queue, String token) throws IOException {
        hub = new EventHub(new EventLog(20_000, Duration.ofMinutes(10), System::currentTimeMillis, 1), queue,
                n -> metrics.overflow());
        server = ConsoleServer.start(new ConsoleServer.Options("127.0.0.1", 0, token, 20, Duration.ofMillis(300)), hub,
                metrics, () -> "{\"test\":true}");
    }

    SseTestClient connect(String lastEventId) throws IOException {
        SseTestClient c = SseTestClient.connect(server.port(), "/api/events", lastEventId);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() throws IOException {
        for (SseTestClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String window(int i) {
        return "{\"record\":\"link\",\"level\":\"subnet\",\"src\":\"a\",\"dst\":\"b\",\"i\":" + i + "}";
    }

    @Test
    void snapshotThenLiveEventsWithConsecutiveIds() throws Exception {
        start(64, "");
        for (int i = 0; i < 5; i++) {
            hub.publish("window", window(i));
        }
        SseTestClient client = connect(null);
        SseTestClient.Event snapshot = client.nextOfType("snapshot", WAIT);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.headers().get("content-type")).startsWith("text/event-stream");
        assertThat(client.headers().get("content-security-policy")).contains("default-src 'self'");
        assertThat(client.headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(snapshot.id()).isEqualTo(5);
        assertThat(snapshot.data()).startsWith("{\"last_id\":5,\"meta\":{\"test\":true},\"nodes\":[],\"events\":[")
                .contains(window(0)).contains(window(4));

        hub.publish("window", window(5));
        hub.publish("alert", "{\"id\":\"X\",\"state\":\"FIRING\"}");
        SseTestClient.Event w = client.next(WAIT);
        SseTestClient.Event a = client.next(WAIT);
        assertThat(w.type()).isEqualTo("window");
        assertThat(w.id()).isEqualTo(6);
        assertThat(w.data()).isEqualTo(window(5));
        assertThat(a.type()).isEqualTo("alert");
        assertThat(a.id()).isEqualTo(7);
    }

    @Test
    void heartbeatsKeepAnIdleStreamBusy() throws Exception {
        start(64, "");
        SseTestClient client = connect(null);
        client.nextOfType("snapshot", WAIT);
        Thread.sleep(1_200);
        assertThat(client.comments()).as("the opening comment and heartbeats every 300 ms").isGreaterThanOrEqualTo(3);
        assertThat(metrics.snapshotsSent()).isEqualTo(1);
    }

    @Test
    void resumesAfterTheLastEventIdWithoutGapOrRepeat() throws Exception {
        start(64, "");
        hub.publish("window", window(0));
        SseTestClient first = connect(null);
        first.nextOfType("snapshot", WAIT);
        hub.publish("window", window(1));
        hub.publish("window", window(2));
        assertThat(first.next(WAIT).id()).isEqualTo(2);
        assertThat(first.next(WAIT).id()).isEqualTo(3);
        first.close();
        // while it is away
        hub.publish("window", window(3));
        hub.publish("window", window(4));

        SseTestClient again = connect("3");
        List<SseTestClient.Event> got = new ArrayList<>();
        got.add(again.next(WAIT));
        got.add(again.next(WAIT));
        hub.publish("window", window(5));
        got.add(again.next(WAIT));
        assertThat(got).extracting(SseTestClient.Event::type).containsOnly("window");
        assertThat(got).extracting(SseTestClient.Event::id).containsExactly(4L, 5L, 6L);
        assertThat(got).extracting(SseTestClient.Event::data).containsExactly(window(3), window(4), window(5));

        // an id from before the retained history, or from another console, gets a snapshot instead
        SseTestClient stranger = connect("999999");
        assertThat(stranger.next(WAIT).type()).isEqualTo("snapshot");
    }

    @Test
    void aStalledClientDoesNotDelayAnotherAndOverflowsIntoASnapshot() throws Exception {
        start(1024, "");
        SseTestClient stalled = SseTestClient.open(server.port(), "/api/events", null, 2048);
        clients.add(stalled);
        SseTestClient healthy = connect(null);
        healthy.nextOfType("snapshot", WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.streamingClients() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String padding = "x".repeat(4000);
        long publishStart = System.nanoTime();
        int n = 5000;
        for (int i = 0; i < n; i++) {
            hub.publish("window", "{\"i\":" + i + ",\"pad\":\"" + padding + "\"}");
            if (i % 100 == 0) {
                Thread.sleep(10); // let the healthy reader keep up: it is the stalled one that must fall behind
            }
        }
        Duration publishing = Duration.ofNanos(System.nanoTime() - publishStart);
        assertThat(publishing).as("publishing never waits for a client").isLessThan(Duration.ofSeconds(5));

        long marker = System.nanoTime();
        hub.publish("alert", "{\"marker\":true}");
        SseTestClient.Event last = null;
        int windows = 0;
        while (last == null || !last.type().equals("alert")) {
            last = healthy.next(WAIT);
            assertThat(last).as("healthy client event").isNotNull();
            assertThat(last.type()).as("the healthy client never needs a snapshot").isNotEqualTo("snapshot");
            windows += last.type().equals("window") ? 1 : 0;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - marker)).isLessThan(Duration.ofSeconds(3));
        assertThat(windows).isEqualTo(n);
        assertThat(hub.overflows()).as("the stalled client's queue overflowed").isGreaterThanOrEqualTo(1);
        assertThat(metrics.overflowSnapshots()).isGreaterThanOrEqualTo(1);

        // once it reads again it is given a fresh snapshot and continues after it without a gap
        stalled.startReading();
        SseTestClient.Event first = stalled.nextOfType("snapshot", WAIT);
        SseTestClient.Event fresh = stalled.nextOfType("snapshot", Duration.ofSeconds(30));
        assertThat(fresh.id()).isGreaterThan(first.id());
        hub.publish("window", "{\"after\":true}");
        SseTestClient.Event next = stalled.next(WAIT);
        while (next != null && next.id() <= fresh.id()) {
            next = stalled.next(WAIT);
        }
        assertThat(next).isNotNull();
        assertThat(next.id()).isEqualTo(fresh.id() + 1);
    }

    @Test
    void refusesBadRequestsWithAReason() throws Exception {
        start(64, "");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/api/history?record=link&level=pod"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("must be one of node, subnet, workload");
        assertThat(bad.headers().firstValue("content-security-policy")).isPresent();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/events?since=3")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("unknown parameter 'since'");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).header("Last-Event-ID", "abc").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/?x=1")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/history?record=link")).POST(
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/assets/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        hub.publish("window", window(1));
        hub.publish("window", "{\"record\":\"dns\",\"client\":\"shop/web\"}");
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/history?record=link&level=subnet&src=a&dst=b&limit=5")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).isEqualTo("[{\"id\":1,\"data\":" + window(1) + "}]");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\"></script>").doesNotContain("<script>");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/assets/app.js")).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/javascript"));
    }

    @Test
    void aTokenIsRequiredWhenSetAndTheBrowserGetsItsCookie() throws Exception {
        start(64, "s3cret-token");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/snapshot")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/snapshot"))
                .header("Authorization", "Bearer s3cret-token").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/?token=s3cret-token")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("set-cookie")).hasValueSatisfying(c ->
                assertThat(c).contains("flowpulse_console=s3cret-token").contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", "flowpulse_console=s3cret-token")
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
