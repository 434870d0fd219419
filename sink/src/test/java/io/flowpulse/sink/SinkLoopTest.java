package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowpulse.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consume loop against Kafka's mock clients and a fake ClickHouse, one test per branch:
 * what is committed when, and what is read again.
 */
class SinkLoopTest {

    private static final String LINKS = "flowpulse.links.v1";
    private static final TopicPartition P0 = new TopicPartition(LINKS, 0);
    private static final TopicPartition P1 = new TopicPartition(LINKS, 1);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Map<String, String> overrides = new HashMap<>();
    private FakeClickHouse clickHouse;
    private LogBackedMockConsumer consumer;
    private MockProducer<byte[], byte[]> dlq;
    private SinkMetrics metrics;
    private ClickHouseSink sink;
    private Thread runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** "link:NAME" is a link window from NAME; any other value cannot be decoded. */
    static final class LinkValues implements Deserializer<Object> {
        @Override
        public Object deserialize(String topic, byte[] data) {
            String value = new String(data, StandardCharsets.UTF_8);
            if (!value.startsWith("link:")) {
                throw new SerializationException("not a link window: " + value);
            }
            return RowRouterTest.link(value.substring(5), 1);
        }
    }

    /** A producer whose sends are acknowledged only by {@link #completeNext()}, not by flush. */
    static final class ManuallyAcknowledgedProducer extends MockProducer<byte[], byte[]> {
        ManuallyAcknowledgedProducer() {
            super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void flush() {
        }
    }

    @BeforeEach
    void setUp() {
        clickHouse = new FakeClickHouse();
        consumer = new LogBackedMockConsumer(List.of(P0, P1));
        dlq = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        metrics = SinkMetrics.noop();
        overrides.put("clickhouse.url", clickHouse.url());
        overrides.put("clickhouse.timeout", "5s");
        overrides.put("clickhouse.database", "unit");
        overrides.put("sink.linger", "20ms");
        overrides.put("sink.retry.initial.backoff", "50ms");
        overrides.put("sink.retry.max.backoff", "200ms");
        overrides.put("sink.retention.days", "0");
        overrides.put("sink.avro.transcode", "false");
    }

    @AfterEach
    void tearDown() throws Exception {
        clickHouse.acceptInserts();
        clickHouse.release();
        if (sink != null) {
            sink.stop();
            runner.join(WAIT.toMillis());
            sink.close();
        }
        clickHouse.close();
    }

    private void startSink() throws Exception {
        SinkSettings settings = SinkSettings.of(overrides);
        SinkClients clients = new SinkClients(consumer, dlq, SinkClients.clickHouse(settings), new LinkValues(), null);
        sink = new ClickHouseSink(settings, clients, metrics);
        sink.prepare(Duration.ofSeconds(5));
        consumer.rebalanceOnNextPoll(List.of(P0, P1));
        runner = new Thread(() -> {
            try {
                sink.run();
            } catch (Throwable t) {
                failure.set(t);
                t.printStackTrace();
            }
        }, "sink-under-test");
        runner.start();
    }

    @Test
    void anInsertClickHouseRefusesIsRetriedAndCommittedOnceAccepted() throws Exception {
        clickHouse.refuseNextInserts(2);
        List<Integer> acceptedAtCommit = new CopyOnWriteArrayList<>();
        consumer.beforeEachCommit(() -> acceptedAtCommit.add(clickHouse.acceptedInserts()));
        consumer.append(P0, "link:a", "link:b");
        consumer.append(P1, "link:c");
        startSink();

        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 2L, P1, 1L)));
        assertThat(acceptedAtCommit).as("committed only after ClickHouse accepted the rows").containsExactly(1);
        assertThat(clickHouse.refusedInserts()).isEqualTo(2);
        assertThat(clickHouse.acceptedInserts()).isEqualTo(1);
        assertThat(metrics.retries()).isEqualTo(2);
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(3);
        assertThat(consumer.paused()).isEmpty();
        assertThat(sink.health().check().healthy()).isTrue();
        assertThat(failure.get()).isNull();
    }

    @Test
    void whileClickHouseIsDownTheConsumerIsPausedAndNothingIsCommitted() throws Exception {
        List<Integer> acceptedAtCommit = new CopyOnWriteArrayList<>();
        consumer.beforeEachCommit(() -> acceptedAtCommit.add(clickHouse.acceptedInserts()));
        startSink();
        clickHouse.down();
        consumer.append(P0, "link:a", "link:b");

        await().atMost(WAIT).until(() -> metrics.retries() >= 2);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(sink.health().check().healthy()).isFalse();
        assertThat(sink.health().check().detail()).startsWith("consumption paused: ").contains("unreachable");
        consumer.append(P0, "link:c");
        Thread.sleep(300);
        assertThat(consumer.position(P0)).as("nothing read while paused").isEqualTo(2);
        assertThat(consumer.committedOffsets()).isEmpty();

        clickHouse.up();
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 3L)));
        assertThat(consumer.paused()).isEmpty();
        assertThat(sink.health().check().healthy()).isTrue();
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(3);
        assertThat(acceptedAtCommit).allSatisfy(accepted -> assertThat(accepted).isPositive());
        assertThat(failure.get()).isNull();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndIsCommittedPastOnlyOnceAcknowledged() throws Exception {
        ManuallyAcknowledgedProducer manual = new ManuallyAcknowledgedProducer();
        dlq = manual;
        consumer.append(P0, "link:a", "poison", "link:b");
        startSink();

        await().atMost(WAIT).until(() -> manual.history().size() == 1 && clickHouse.acceptedInserts() == 1);
        Thread.sleep(300);
        assertThat(consumer.committedOffsets()).as("dead letter not acknowledged yet").isEmpty();
        manual.completeNext();
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 3L)));

        ProducerRecord<byte[], byte[]> dead = manual.history().get(0);
        assertThat(dead.topic()).isEqualTo("flowpulse.dlq.v1");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("sink");
        assertThat(header(dead, DeadLetters.REASON)).startsWith("cannot decode the value").contains("not a link window");
        assertThat(header(dead, DeadLetters.EXCEPTION)).isEqualTo(SerializationException.class.getName());
        assertThat(header(dead, DeadLetters.ORIGIN_TOPIC)).isEqualTo(LINKS);
        assertThat(header(dead, DeadLetters.ORIGIN_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.ORIGIN_OFFSET)).isEqualTo("1");
        assertThat(metrics.deadLetters()).isEqualTo(1);
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(2);
        assertThat(failure.get()).isNull();
    }

    @Test
    void aDeadLetterTheTopicRefusesIsNotCommittedPastButReadAgain() throws Exception {
        ManuallyAcknowledgedProducer manual = new ManuallyAcknowledgedProducer();
        dlq = manual;
        consumer.append(P0, "link:a", "poison");
        startSink();

        await().atMost(WAIT).until(() -> manual.history().size() == 1);
        manual.errorNext(new org.apache.kafka.common.errors.TimeoutException("dlq unavailable"));
        // read again from the last commit: the poison record is sent a second time
        await().atMost(WAIT).until(() -> manual.history().size() == 2);
        assertThat(consumer.committedOffsets()).isEmpty();
        manual.completeNext();
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 2L)));
        assertThat(failure.get()).isNull();
    }

    @Test
    void aRebalanceWhileClickHouseFailsDropsTheRevokedRowsUncommittedAndTheyAreReadAgainOnReassignment() throws Exception {
        clickHouse.refuseInserts();
        consumer.append(P0, "link:a0", "link:a1");
        consumer.append(P1, "link:b0", "link:b1");
        startSink();
        await().atMost(WAIT).until(() -> metrics.retries() >= 1);

        consumer.rebalanceOnNextPoll(List.of(P0));
        await().atMost(WAIT).until(() -> consumer.assignment().equals(java.util.Set.of(P0)));
        assertThat(consumer.committedOffsets()).isEmpty();
        clickHouse.acceptInserts();
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 2L)));
        assertThat(metrics.rowsWritten("link_windows")).as("only the rows of the partition kept").isEqualTo(2);

        consumer.rebalanceOnNextPoll(List.of(P0, P1));
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 2L, P1, 2L)));
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(4);
        assertThat(failure.get()).isNull();
    }

    @Test
    void aRebalanceWhileClickHouseWorksCommitsWhatWasReadBeforeThePartitionsGo() throws Exception {
        overrides.put("sink.linger", "1h");
        consumer.append(P0, "link:a0");
        consumer.append(P1, "link:b0", "link:b1");
        startSink();
        await().atMost(WAIT).until(() -> consumer.position(P0) == 1 && consumer.position(P1) == 2);
        assertThat(clickHouse.acceptedInserts()).as("lingering").isZero();

        consumer.rebalanceOnNextPoll(List.of(P0));
        await().atMost(WAIT).until(() -> consumer.committedOffsets().equals(Map.of(P0, 1L, P1, 2L)));
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(3);
        assertThat(failure.get()).isNull();
    }

    @Test
    void stoppingWhileAnInsertIsInFlightCommitsNothingUnconfirmedAndEndsCleanly() throws Exception {
        clickHouse.holdInserts();
        consumer.append(P0, "link:a", "link:b");
        startSink();
        await().atMost(WAIT).until(() -> clickHouse.heldInserts() == 1);

        sink.stop();
        clickHouse.refuseInserts();
        clickHouse.release();
        runner.join(WAIT.toMillis());
        assertThat(runner.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(clickHouse.acceptedInserts()).isZero();
        assertThat(consumer.committedOffsets()).isEmpty();
    }

    @Test
    void stoppingWhileAnInsertIsInFlightCommitsItOnceClickHouseConfirms() throws Exception {
        clickHouse.holdInserts();
        consumer.append(P0, "link:a", "link:b");
        startSink();
        await().atMost(WAIT).until(() -> clickHouse.heldInserts() == 1);

        sink.stop();
        clickHouse.release();
        runner.join(WAIT.toMillis());
        assertThat(runner.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(consumer.committedOffsets()).isEqualTo(Map.of(P0, 2L));
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
