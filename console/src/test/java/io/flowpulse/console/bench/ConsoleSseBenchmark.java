package io.flowpulse.console.bench;

import io.flowpulse.console.ConsoleMetrics;
import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.history.EventLog;
import io.flowpulse.console.http.ConsoleServer;
import io.flowpulse.console.http.SseTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Memory and fairness of the event stream under many browsers: a console hub and server in this
 * JVM, N event-stream clients over loopback (some of them stalled: they never read), and results
 * published at a steady rate with the console's default history bounds. Prints the heap in use
 * after a full GC before the clients connect and every 10 s, events sent, overflow snapshots and
 * how far behind the healthy clients are. Not a unit test:
 *
 * <pre>
 * ./mvnw -o -q -pl console test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.flowpulse.console.bench.ConsoleSseBenchmark -Dexec.args="50 5 60 300"
 * </pre>
 * Arguments: clients, of which stalled, seconds, events per second.
 */
public final class ConsoleSseBenchmark {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int stalled = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ConsoleMetrics metrics = new ConsoleMetrics(new SimpleMeterRegistry());
        // the console's defaults: 20,000 events, 30 minutes, 4,096 per client
        EventHub hub = new EventHub(new EventLog(20_000, Duration.ofMinutes(30), System::currentTimeMillis, 1), 4096,
                n -> metrics.overflow());
        ConsoleServer server = ConsoleServer.start(new ConsoleServer.Options("127.0.0.1", 0, "", 200,
                Duration.ofSeconds(15)), hub, metrics, () -> "{}");
        Random random = new Random(1);
        // a full history first, as a console that has run for a while holds
        for (int i = 0; i < 20_000; i++) {
            hub.publish("window", window(random, i));
        }
        System.out.printf("history %d events, heap after GC before clients: %s%n", hub.historySize(), heap(memory));

        List<SseTestClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SseTestClient c = SseTestClient.open(server.port(), "/api/events", null, i < stalled ? 4096 : 0).discarding();
            if (i >= stalled) {
                c.startReading();
            }
            all.add(c);
        }
        long start = System.nanoTime();
        long next = start;
        int published = 0;
        long lastReport = start;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            hub.publish(published % 50 == 0 ? "alert" : "window", window(random, published));
            published++;
            next += 1_000_000_000L / rate;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("t=%3ds clients %d, events sent %,.0f, snapshots %,.0f, overflow snapshots %,.0f, heap %s%n",
                        (lastReport - start) / 1_000_000_000L, server.streamingClients(), metrics.eventsSent(),
                        metrics.snapshotsSent(), metrics.overflowSnapshots(), heapNow(memory));
            }
        }
        // how long a marker takes to reach a healthy client while the stalled ones still hang
        SseTestClient probe = all.get(all.size() - 1);
        long marker = System.nanoTime();
        hub.publish("alert", "{\"marker\":true}");
        SseTestClient.Event e;
        do {
            e = probe.next(Duration.ofSeconds(30));
        } while (e != null && !e.data().equals("{\"marker\":true}"));
        System.out.printf("published %,d events in %d s; marker reached a healthy client in %d ms%n", published, seconds,
                (System.nanoTime() - marker) / 1_000_000);
        System.out.printf("end: clients %d, events sent %,.0f, snapshots %,.0f, overflow snapshots %,.0f, "
                        + "heap after GC %s (history %d events)%n", server.streamingClients(), metrics.eventsSent(),
                metrics.snapshotsSent(), metrics.overflowSnapshots(), heap(memory), hub.historySize());
        for (SseTestClient c : all) {
            c.close();
        }
        server.close();
        Thread.sleep(500);
        System.out.printf("after the clients left: heap after GC %s%n", heap(memory));
        System.exit(0);
    }

    static String window(Random random, int i) {
        return "{\"record\":\"link\",\"level\":\"workload\",\"src\":\"shop/web-" + (i % 40) + "\",\"dst\":\"data/postgres\","
                + "\"window_start\":" + (1_714_557_600_000L + i / 300 * 60_000L) + ",\"window_end\":"
                + (1_714_557_660_000L + i / 300 * 60_000L) + ",\"forwarded\":" + random.nextInt(5000) + ",\"dropped\":"
                + random.nextInt(50) + ",\"other\":0,\"drop_rate\":0.0" + random.nextInt(9)
                + ",\"drop_reasons\":{\"POLICY_DENIED\":" + random.nextInt(50) + "}}";
    }

    static String heap(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        return heapNow(memory);
    }

    static String heapNow(MemoryMXBean memory) {
        return String.format("%.1f MiB", memory.getHeapMemoryUsage().getUsed() / 1048576.0);
    }
}
