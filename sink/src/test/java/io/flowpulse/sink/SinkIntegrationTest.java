package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowpulse.schemas.DeadLetters;
import io.flowpulse.sink.clickhouse.ClickHouseClient;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.table.TableMapping;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class SinkIntegrationTest {

    private static final String LINKS_QUERY = "SELECT level, src, dst, toUInt32(window_start), toUInt32(window_end), "
            + "forwarded, dropped, other, drop_rate, drop_reasons.name, drop_reasons.count FROM %s.link_windows FINAL "
            + "ORDER BY level, src, dst, window_start";
    private static final List<String> EXPECTED_LINKS = List.of(
            "node\tnode-1\tnode-2\t1700000000\t1700000060\t6\t2\t1\t0.25\t['POLICY_DENIED']\t[2]",
            "subnet\tlab-a\tlab-b\t1700000060\t1700000120\t5\t0\t0\t0\t[]\t[]",
            "workload\tshop/web\tshop/db\t1700000000\t1700000060\t0\t4\t0\t1\t['CT_MAP_INSERTION_FAILED','POLICY_DENIED']\t[1,3]");
    private static final String DNS_QUERY = "SELECT client, toUInt32(window_start), queries, responses, rcodes.name, "
            + "rcodes.count, latency_ms_p50, latency_ms_p95, latency_ms_p99, latency_ms_max, distinct_names, "
            + "top_nxdomain.name, top_nxdomain.count, suspicious_names FROM %s.dns_windows FINAL ORDER BY client, window_start";
    private static final List<String> EXPECTED_DNS = List.of(
            "shop/api\t1700000000\t1\t0\t[]\t[]\t\\N\t\\N\t\\N\t\\N\t1\t[]\t[]\t['x7f3kq9zvd0m2p8w1c4b.example.']",
            "shop/web\t1700000000\t20\t18\t['NOERROR','NXDOMAIN']\t[15,3]\t1.5\t3.25\t7.5\t9\t4\t['bad.example.']\t[3]\t[]");
    private static final String LATENCY_QUERY = "SELECT level, kind, src, dst, toUInt32(window_start), samples, min_ms, "
            + "p50_ms, p90_ms, p99_ms, max_ms, mean_ms, stddev_ms, jitter_ms, exact FROM %s.latency_windows FINAL";
    private static final List<String> EXPECTED_LATENCY = List.of(
            "subnet\ttcp_handshake\tlab-a\tlab-b\t1700000000\t12\t1.25\t2.5\t10\t20.5\t21\t5.5\t0.75\t3.125\t1");
    private static final String ALERTS_QUERY = "SELECT id, kind, severity, subject, state, toUInt32(window_start), "
            + "toUInt32(window_end), value, threshold, message FROM %s.alerts FINAL ORDER BY window_start, state";
    private static final List<String> EXPECTED_ALERTS = List.of(
            "LINK_DROP_RATE:node:node-1->node-2\tLINK_DROP_RATE\tCRITICAL\tnode:node-1->node-2\tFIRING\t1700000000\t1700000060\t0.25\t0.05\tdrop rate 25%",
            "LINK_DROP_RATE:node:node-1->node-2\tLINK_DROP_RATE\tCRITICAL\tnode:node-1->node-2\tRESOLVED\t1700000120\t1700000180\t0\t0.05\tresolved");

    private static void produceAll(SinkFixture f) {
        f.produce(f.links, Records.links());
        f.produce(f.dns, Records.dns());
        f.produce(f.latency, Records.latency());
        f.produce(f.alerts, Records.alerts());
    }

    private static void assertTables(SinkFixture f) throws Exception {
        assertThat(f.lines(LINKS_QUERY.formatted(f.database))).containsExactlyElementsOf(EXPECTED_LINKS);
        assertThat(f.lines(DNS_QUERY.formatted(f.database))).containsExactlyElementsOf(EXPECTED_DNS);
        assertThat(f.lines(LATENCY_QUERY.formatted(f.database))).containsExactlyElementsOf(EXPECTED_LATENCY);
        assertThat(f.lines(ALERTS_QUERY.formatted(f.database))).containsExactlyElementsOf(EXPECTED_ALERTS);
    }

    @Test
    void migrationsApplyOnceAndAreRecorded(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        ClickHouseClient ch = f.clickHouse;
        SchemaMigrator.Result first = new SchemaMigrator(ch, f.database).migrate();
        SchemaMigrator.Result second = new SchemaMigrator(ch, f.database).migrate();
        assertThat(first.applied()).containsExactly(1, 2);
        assertThat(second.applied()).isEmpty();
        assertThat(second.current()).isEqualTo(2);
        assertThat(f.lines("SELECT version, count() FROM " + f.database + ".schema_migrations GROUP BY version ORDER BY version"))
                .containsExactly("1\t1", "2\t1");
        assertThat(f.lines("SELECT name FROM system.tables WHERE database = '" + f.database + "' ORDER BY name"))
                .containsExactly("alerts", "dns_windows", "flows", "latency_windows", "link_windows", "lost_events",
                        "schema_migrations");
        for (TableMapping<?> m : RowRouter.allMappings()) {
            assertThat(f.lines("SELECT name FROM system.columns WHERE database = '" + f.database + "' AND table = '"
                    + m.table() + "'")).as(m.table()).containsExactlyElementsOf(m.columns());
            assertThat(f.lines("SELECT engine, partition_key FROM system.tables WHERE database = '" + f.database
                    + "' AND name = '" + m.table() + "'"))
                    .containsExactly("ReplacingMergeTree\ttoYYYYMMDD(" + m.timeColumn() + ")");
        }
    }

    @Test
    void recordsEndUpInTheTablesWithExactValues(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        produceAll(f);
        SinkMetrics metrics = f.runUntilCaughtUp();
        assertTables(f);
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(3);
        assertThat(metrics.rowsWritten("alerts")).isEqualTo(2);
        assertThat(metrics.deadLetters()).isZero();
        // every record's writer schema is the current one: all eight took the fast path
        assertThat(metrics.registry().get("flowpulse.sink.records.transcoded").counter().count()).isEqualTo(8);
    }

    @Test
    void theObjectPathWritesTheSameValues(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack).with("sink.avro.transcode", "false");
        produceAll(f);
        SinkMetrics metrics = f.runUntilCaughtUp();
        assertTables(f);
        assertThat(metrics.registry().get("flowpulse.sink.records.transcoded").counter().count()).isZero();
    }

    @Test
    void aSecondDeliveryLeavesTheResultsUnchanged(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        produceAll(f);
        f.runUntilCaughtUp();
        assertTables(f);
        // the same records delivered again (a producer retry, a replay), then read by a fresh group from the start
        produceAll(f);
        f.runUntilCaughtUp();
        f.with("sink.group.id", "second-" + f.id).runUntilCaughtUp();
        assertThat(f.lines("SELECT count() FROM " + f.database + ".link_windows")).first()
                .satisfies(n -> assertThat(Integer.parseInt(n)).isGreaterThanOrEqualTo(3));
        assertTables(f);
        assertThat(f.lines("SELECT count(), sum(forwarded), sum(dropped) FROM " + f.database + ".link_windows FINAL"))
                .containsExactly("3\t11\t6");
    }

    @Test
    void rawFlowsAndLostEventsWhenEnabled(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack).with("sink.raw.flows", "true");
        f.produce(f.flows, List.of(Records.flow("6a1f1f4e-0000-4000-8000-000000000001"), Records.lostEvents()));
        f.runUntilCaughtUp();
        assertThat(f.lines("SELECT toUInt32(time), time_us, flow_id, node, cluster, verdict, drop_reason_desc, "
                + "source_ip, destination_ip, protocol, source_port, destination_port, tcp_flags, source_identity, "
                + "source_namespace, source_workload, source_labels, destination_labels, l7_type FROM "
                + f.database + ".flows FINAL"))
                .containsExactly("1700000000\t1700000000123456\t6a1f1f4e-0000-4000-8000-000000000001\tnode-1\tkind\t"
                        + "DROPPED\tPOLICY_DENIED\t10.244.1.7\t93.184.216.34\tTCP\t40000\t443\t['SYN']\t4242\tshop\tweb\t"
                        + "['k8s:app=web']\t['reserved:world']\t\\N");
        assertThat(f.lines("SELECT toUInt32(time), node, source, num_events_lost, cpu FROM " + f.database + ".lost_events FINAL"))
                .containsExactly("1700000001\tnode-1\tPERF_EVENT_RING_BUFFER\t17\t3");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReason(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        byte[] notAvro = "this is not avro".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 3};
        f.produceBytes(f.links, List.of(notAvro, unknownSchema));
        f.produce(f.links, Records.links().subList(0, 1));
        SinkMetrics metrics = f.runUntilCaughtUp();
        assertThat(f.lines("SELECT src FROM " + f.database + ".link_windows FINAL")).containsExactly("node-1");
        List<ConsumerRecord<byte[], byte[]>> dead = f.readAll(f.dlq, 2, Duration.ofSeconds(20));
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.ISO_8859_1))
                .containsExactlyInAnyOrder(new String(notAvro, StandardCharsets.ISO_8859_1),
                        new String(unknownSchema, StandardCharsets.ISO_8859_1));
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            assertThat(header(r, DeadLetters.STAGE)).isEqualTo("sink");
            assertThat(header(r, DeadLetters.ORIGIN_TOPIC)).isEqualTo(f.links);
            assertThat(header(r, DeadLetters.REASON)).startsWith("cannot decode the value");
            assertThat(header(r, DeadLetters.ORIGIN_OFFSET)).matches("\\d+");
            assertThat(header(r, DeadLetters.EXCEPTION)).isNotBlank();
        }
        assertThat(metrics.deadLetters()).isEqualTo(2);
    }

    @Test
    void aClickHouseRestartInTheMiddleOfARunLosesNothing(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack).with("sink.batch.rows", "500");
        int perPhase = 5_000;
        f.produce(f.links, manyLinks(0, perPhase));
        SinkMetrics metrics = SinkMetrics.noop();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ClickHouseSink sink = f.newSink(metrics)) {
            sink.prepare(Duration.ofSeconds(30));
            Thread runner = new Thread(() -> {
                try {
                    sink.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "sink-under-test");
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.rowsWritten("link_windows") >= perPhase);

            stack.clickHouse().stop();
            f.produce(f.links, manyLinks(perPhase, perPhase));
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.retries() >= 3);
            assertThat(sink.health().check().healthy()).isFalse();
            stack.clickHouse().start();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(f.lines("SELECT count(), sum(forwarded) FROM " + f.database + ".link_windows FINAL"))
                            .containsExactly((2 * perPhase) + "\t" + expectedForwardedSum(2 * perPhase)));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.health().check().healthy());
            sink.stop();
            runner.join(30_000);
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    void aSecondInstanceJoiningTheGroupLosesAndDoublesNothing(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack).with("sink.batch.rows", "200").with("sink.linger", "100ms");
        int perPhase = 3_000;
        f.produce(f.links, manyLinks(0, perPhase));
        SinkMetrics metricsA = SinkMetrics.noop();
        SinkMetrics metricsB = SinkMetrics.noop();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ClickHouseSink a = f.newSink(metricsA); ClickHouseSink b = f.newSink(metricsB)) {
            a.prepare(Duration.ofSeconds(30));
            b.prepare(Duration.ofSeconds(30));
            Thread ta = runInThread(a, failure);
            await().atMost(Duration.ofSeconds(60)).until(() -> metricsA.rowsWritten("link_windows") >= 1_000);
            Thread tb = runInThread(b, failure);
            // the second phase arrives over a few seconds, while the group rebalances
            int chunk = perPhase / 6;
            for (int from = perPhase; from < 2 * perPhase; from += chunk) {
                f.produce(f.links, manyLinks(from, chunk));
                Thread.sleep(1_000);
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(f.lines("SELECT count(), sum(forwarded) FROM " + f.database + ".link_windows FINAL"))
                            .containsExactly((2 * perPhase) + "\t" + expectedForwardedSum(2 * perPhase)));
            // the second instance took over partitions and wrote rows of its own
            await().atMost(Duration.ofSeconds(30)).until(() -> metricsB.rowsWritten("link_windows") > 0);
            a.stop();
            b.stop();
            ta.join(30_000);
            tb.join(30_000);
        }
        assertThat(failure.get()).isNull();
    }

    private static Thread runInThread(ClickHouseSink sink, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                sink.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "sink-under-test");
        t.start();
        return t;
    }

    static List<Object> manyLinks(int from, int count) {
        List<Object> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            out.add(Records.link("workload", "ns/app-" + i, "ns/db", Records.T0.plusSeconds(60L * (i % 50)), i, 0, 0, Map.of()));
        }
        return out;
    }

    static long expectedForwardedSum(int n) {
        return (long) n * (n - 1) / 2;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
