package io.flowpulse.console;

import io.flowpulse.console.backfill.ClickHouseHistory;
import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.history.EventLog;
import io.flowpulse.console.http.ConsoleServer;
import io.flowpulse.console.json.RecordJson;
import io.flowpulse.console.kafka.ResultsReader;
import io.flowpulse.console.stats.PipelineStats;
import io.flowpulse.runtime.HealthCheck;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.service.Service;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.schemas.serde.AvroSerde;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live console as a {@link Service}: a {@link ResultsReader} fills the {@link EventHub}
 * (bounded history plus one bounded queue per browser) from the results topics and the node
 * inventory, {@link PipelineStats} adds a {@code stats} event every few seconds, and the
 * {@link ConsoleServer} serves the page and the event stream.
 *
 * <p>To embed it (the demo): {@code ConsoleService console = ConsoleService.create(ConsoleSettings.of(Map.of(
 * "kafka.bootstrap.servers", bootstrap, "schema.registry.url", registryUrl, "console.port", "0")));
 * console.start(); out.println("Console: " + console.url());} and {@code console.close()} at the end.
 */
public final class ConsoleService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);
    private static final long STALL_MILLIS = 30_000;

    private final ConsoleSettings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final Admin admin;
    private final ClickHouseHistory clickHouse;
    private final LongSupplier clock;
    private final PrometheusMeterRegistry registry;
    private final ConsoleMetrics metrics;
    private final EventHub hub;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ResultsReader reader;
    private volatile ConsoleServer server;
    private volatile ScheduledExecutorService scheduler;
    private volatile Thread readerThread;
    private volatile String backfillSource = "none";

    /**
     * With every client passed in.
     *
     * @param consumer   reads the results topics and the inventory, assigned by hand; the service closes it
     * @param values     Avro values of those topics (generated classes)
     * @param admin      end offsets and consumer groups for the stats; the service closes it
     * @param clickHouse where the history is filled from at start; null: from the topics by time
     */
    public ConsoleService(ConsoleSettings settings, Consumer<byte[], byte[]> consumer, Deserializer<Object> values,
                          Admin admin, ClickHouseHistory clickHouse, LongSupplier clock) {
        this.settings = settings;
        this.consumer = consumer;
        this.values = values;
        this.admin = admin;
        this.clickHouse = clickHouse;
        this.clock = clock;
        this.registry = Metrics.newRegistry("console");
        this.metrics = new ConsoleMetrics(registry);
        // ids start from the wall clock in microseconds, so they keep growing across restarts
        EventLog log = new EventLog(settings.historyMaxEvents(), settings.historyMaxAge(), clock,
                Math.max(1, clock.getAsLong() * 1000));
        this.hub = new EventHub(log, settings.clientQueue(), total -> metrics.overflow());
        metrics.gauges(hub::clientCount, hub::historySize, () -> reader == null ? -1 : reader.lag());
    }

    /** With the clients made from the settings: a Kafka consumer and admin client, the registry, ClickHouse if set. */
    public static ConsoleService create(ConsoleSettings settings) {
        Properties common = new Properties();
        common.putAll(settings.kafkaOverrides());
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-console");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        for (String key : AdminClientConfig.configNames()) {
            if (common.containsKey(key)) {
                adminProps.put(key, common.get(key));
            }
        }
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "flowpulse-console-admin");
        Admin admin = Admin.create(adminProps);
        Deserializer<Object> values = AvroSerde.<Object>builder().registry(settings.registryClient()).buildDeserializer();
        ClickHouseHistory clickHouse = settings.clickHouseConfigured() && settings.backfill()
                ? new ClickHouseHistory(settings.clickHouseUrl(), settings.clickHouseUser(), settings.clickHousePassword(),
                settings.clickHouseDatabase(), settings.clickHouseSslContext())
                : null;
        return new ConsoleService(settings, consumer, values, admin, clickHouse, System::currentTimeMillis);
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void start() throws Exception {
        try {
            server = ConsoleServer.start(new ConsoleServer.Options(settings.host(), settings.port(), settings.token(),
                    settings.maxClients(), settings.heartbeat()), hub, metrics, this::meta);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot serve the console on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage() + " (choose another with console.port, 0 for any)", e);
        }
        readerThread = new Thread(this::readResults, "console-kafka-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-stats");
            t.setDaemon(true);
            return t;
        });
        PipelineStats stats = new PipelineStats(admin, settings.flowsTopic(), settings.resultTopics(),
                new PipelineStats.ConsoleSide() {
                    @Override
                    public long recordsRead() {
                        return reader == null ? 0 : reader.recordsRead();
                    }

                    @Override
                    public long lag() {
                        return reader == null ? -1 : reader.lag();
                    }

                    @Override
                    public int clients() {
                        return hub.clientCount();
                    }
                }, clock);
        long every = settings.statsInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                hub.trim();
                hub.publish(io.flowpulse.console.history.ConsoleEvent.STATS, stats.sample());
            } catch (Exception e) {
                LOG.debug("console: stats not sampled: {}", e.toString());
            }
        }, Math.min(every, 1000), every, TimeUnit.MILLISECONDS);
        LOG.info("console on {} reading {} and {}", url(), settings.resultTopics(), settings.nodesTopic());
    }

    /** Fills the history (ClickHouse, else the topics by time), then follows the topics until stopped. */
    private void readResults() {
        Set<String> loaded = new HashSet<>();
        ResultsReader.StartPositions start;
        if (!settings.backfill()) {
            start = ResultsReader.fromEnd();
        } else {
            long since = clock.getAsLong() - settings.historyMaxAge().toMillis();
            ResultsReader.StartPositions byTime = ResultsReader.byTime(() -> since);
            start = byTime;
            if (clickHouse != null) {
                try {
                    // where the sink stands before asking ClickHouse: everything before it is in ClickHouse
                    Map<TopicPartition, Long> sinkAt = sinkCommitted();
                    List<Object> past = clickHouse.load(settings.historyMaxAge(), settings.historyMaxEvents());
                    for (Object record : past) {
                        RecordJson.of(record).ifPresent(m -> hub.publish(m.type(), m.json()));
                        loaded.add(RecordJson.identity(record));
                    }
                    backfillSource = "clickhouse (" + past.size() + " records)";
                    start = (c, partitions) -> {
                        Map<TopicPartition, Long> fallback = byTime.positions(c, partitions);
                        Map<TopicPartition, Long> out = new HashMap<>(fallback);
                        sinkAt.forEach((p, offset) -> {
                            if (out.containsKey(p)) {
                                out.put(p, offset);
                            }
                        });
                        return out;
                    };
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    LOG.warn("console: no history from ClickHouse ({}); reading the topics back instead", e.toString());
                    backfillSource = "topics (ClickHouse failed: " + e.getMessage() + ")";
                }
            } else {
                backfillSource = "topics";
            }
        }
        reader = new ResultsReader(consumer, values, settings.nodesTopic(), settings.resultTopics(), hub, start, loaded,
                new ResultsReader.Listener() {
                    @Override
                    public void recordRead(String topic) {
                        metrics.recordRead(topic);
                    }

                    @Override
                    public void recordSkipped(String topic, String reason) {
                        metrics.recordSkipped(topic, reason);
                    }
                }, clock);
        if (stopped.getCount() == 0) {
            consumer.close();
            return;
        }
        reader.run();
    }

    private Map<TopicPartition, Long> sinkCommitted() throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.sinkGroupId())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        committed.forEach((p, o) -> {
            if (o != null && settings.resultTopics().contains(p.topic())) {
                out.put(p, o.offset());
            }
        });
        return out;
    }

    private String meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_time", clock.getAsLong());
        m.put("history_max_events", settings.historyMaxEvents());
        m.put("history_max_age_ms", settings.historyMaxAge().toMillis());
        m.put("history_events", hub.historySize());
        m.put("backfill", backfillSource);
        m.put("stats_interval_ms", settings.statsInterval().toMillis());
        m.put("topics", List.of(settings.linksTopic(), settings.dnsTopic(), settings.latencyTopic(),
                settings.alertsTopic(), settings.nodesTopic()));
        return ConsoleServer.meta(m);
    }

    /** The page: {@code http://127.0.0.1:PORT/} (or the host it is bound to). */
    public String url() {
        ConsoleServer s = server;
        if (s == null) {
            throw new IllegalStateException("the console has not started");
        }
        return s.url();
    }

    public int port() {
        return server.port();
    }

    public EventHub hub() {
        return hub;
    }

    public ConsoleMetrics consoleMetrics() {
        return metrics;
    }

    public ConsoleSettings settings() {
        return settings;
    }

    @Override
    public void stop() {
        stopped.countDown();
        ResultsReader r = reader;
        if (r != null) {
            r.stop();
        }
    }

    @Override
    public void await() throws Exception {
        stopped.await();
        ResultsReader r = reader;
        if (r != null) {
            r.awaitFinished(Duration.ofSeconds(10));
            if (r.failure() != null) {
                throw new IllegalStateException("the console's Kafka reader failed: " + r.failure(), r.failure());
            }
        }
    }

    @Override
    public Map<String, HealthCheck> healthChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("kafka-reader", () -> {
            ResultsReader r = reader;
            if (r == null) {
                return HealthCheck.Status.down("filling the history (" + backfillSource + ")");
            }
            if (r.failure() != null) {
                return HealthCheck.Status.down("reader failed: " + r.failure());
            }
            if (!r.allTopicsAssigned()) {
                return HealthCheck.Status.down("waiting for topics; assigned so far: " + r.topicsAssigned());
            }
            long since = clock.getAsLong() - r.lastPollAt();
            if (since > STALL_MILLIS) {
                return HealthCheck.Status.down("no poll for " + since / 1000 + " s");
            }
            return HealthCheck.Status.up("reading " + r.topicsAssigned().size() + " topics, lag " + r.lag());
        });
        checks.put("http", () -> server == null ? HealthCheck.Status.down("not serving")
                : HealthCheck.Status.up("serving " + server.url() + " to " + hub.clientCount() + " client(s)"));
        return checks;
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    @Override
    public void close() {
        stop();
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
        ConsoleServer srv = server;
        if (srv != null) {
            srv.close();
        }
        Thread t = readerThread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        admin.close(Duration.ofSeconds(5));
        values.close();
        registry.close();
    }
}
