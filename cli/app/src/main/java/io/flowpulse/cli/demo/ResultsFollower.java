package io.flowpulse.cli.demo;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the analytics topics as a user would (read_committed, from the beginning) and keeps
 * the newest window of each key and every alert, for the demo's screen.
 */
final class ResultsFollower implements Runnable, AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final Map<String, LinkWindow> links = new HashMap<>();
    private final Map<String, DnsWindow> dns = new HashMap<>();
    private final Map<String, LatencyWindow> latency = new HashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final Map<String, Long> windowsRead = new HashMap<>();
    private Instant latestWindowEnd;
    private volatile boolean closed;
    private final Thread thread = new Thread(this, "demo-view");

    ResultsFollower(String bootstrapServers, Deserializer<Object> values, List<String> topics) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "flowpulse-demo-view-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        consumer.subscribe(topics);
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r.key(), r.value());
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void accept(String key, Object value) {
        if (value instanceof LinkWindow l) {
            keepNewest(links, key, l, l.getWindowStart(), l.getWindowEnd(), "links");
        } else if (value instanceof DnsWindow d) {
            keepNewest(dns, key, d, d.getWindowStart(), d.getWindowEnd(), "dns");
        } else if (value instanceof LatencyWindow w) {
            keepNewest(latency, key, w, w.getWindowStart(), w.getWindowEnd(), "latency");
        } else if (value instanceof Alert a) {
            alerts.add(a);
            windowsRead.merge("alerts", 1L, Long::sum);
        }
    }

    private <T> void keepNewest(Map<String, T> byKey, String key, T record, Instant start, Instant end, String kind) {
        windowsRead.merge(kind, 1L, Long::sum);
        T old = byKey.get(key);
        if (old == null || !start.isBefore(startOf(old))) {
            byKey.put(key, record);
        }
        if (latestWindowEnd == null || end.isAfter(latestWindowEnd)) {
            latestWindowEnd = end;
        }
    }

    private static Instant startOf(Object o) {
        if (o instanceof LinkWindow l) {
            return l.getWindowStart();
        }
        if (o instanceof DnsWindow d) {
            return d.getWindowStart();
        }
        return ((LatencyWindow) o).getWindowStart();
    }

    /** Only windows of the newest closed window are worth showing; older keys went quiet. */
    synchronized <T> List<T> newest(Map<String, T> byKey) {
        List<T> out = new ArrayList<>();
        for (T t : byKey.values()) {
            if (latestWindowEnd == null || !startOf(t).isBefore(latestWindowEnd.minus(Duration.ofMinutes(2)))) {
                out.add(t);
            }
        }
        return out;
    }

    synchronized List<LinkWindow> links() {
        return newest(links);
    }

    synchronized List<DnsWindow> dns() {
        return newest(dns);
    }

    synchronized List<LatencyWindow> latency() {
        return newest(latency);
    }

    synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    synchronized Instant latestWindowEnd() {
        return latestWindowEnd;
    }

    synchronized long read(String kind) {
        return windowsRead.getOrDefault(kind, 0L);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(10_000);
    }
}
