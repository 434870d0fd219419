package io.flowpulse.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowpulse.schemas.avro.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery loop over a mock consumer and scripted targets. */
class AlertDeliveryLoopTest {

    private static final String TOPIC = "alerts";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final ForwarderMetrics metrics = ForwarderMetrics.noop();
    private final ForwarderHealth health = new ForwarderHealth();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:05:00Z"));
    private AlertDeliveryLoop loop;
    private Thread thread;

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
    }

    @Test
    void everyRecordReachesEveryTargetInOrderAndIsCommittedAfterwards() {
        ScriptedTarget alertmanager = new ScriptedTarget("alertmanager", a -> DeliveryResult.delivered());
        ScriptedTarget webhook = new ScriptedTarget("webhook", a -> DeliveryResult.delivered());
        Alert firing = Alerts.firing("LINK_DROP_RATE", "subnet:a->b", "WARNING", Alerts.WINDOW);
        Alert resolved = Alerts.resolved("LINK_DROP_RATE", "subnet:a->b", "WARNING", Alerts.WINDOW.plusSeconds(120));
        start(List.of(alertmanager, webhook), Duration.ofMinutes(5), encode(firing), encode(resolved));

        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 2);
        assertThat(alertmanager.states()).containsExactly("FIRING", "RESOLVED");
        assertThat(webhook.states()).containsExactly("FIRING", "RESOLVED");
        assertThat(webhook.deliveryIds).containsExactly("alerts/0/0", "alerts/0/1");
        assertThat(metrics.deliveredCount("webhook")).isEqualTo(2);
        assertThat(metrics.recordCount()).isEqualTo(2);
        assertThat(loop.firing()).isEmpty();
        assertThat(health.check().healthy()).isTrue();
    }

    @Test
    void aFailingTargetIsRetriedAloneAndTheOffsetWaitsForIt() {
        AtomicReference<DeliveryResult> webhookAnswer = new AtomicReference<>(DeliveryResult.retry("HTTP 500"));
        ScriptedTarget alertmanager = new ScriptedTarget("alertmanager", a -> DeliveryResult.delivered());
        ScriptedTarget webhook = new ScriptedTarget("webhook", a -> webhookAnswer.get());
        start(List.of(alertmanager, webhook), Duration.ofMinutes(5),
                encode(Alerts.firing("DNS_SERVFAIL", "dns:shop/web", "CRITICAL", Alerts.WINDOW)));

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.failureCount("webhook") >= 4);
        assertThat(committed()).isZero();
        assertThat(alertmanager.calls).hasSize(1);
        assertThat(health.check().healthy()).isFalse();
        assertThat(health.check().detail()).contains("webhook failing since").contains("HTTP 500");

        webhookAnswer.set(DeliveryResult.delivered());
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 1);
        assertThat(alertmanager.calls).hasSize(1);
        assertThat(webhook.deliveryIds).containsOnly("alerts/0/0");
        assertThat(metrics.deliveredCount("webhook")).isEqualTo(1);
        assertThat(health.check().healthy()).isTrue();
        assertThat(loop.firing()).containsOnlyKeys("DNS_SERVFAIL:dns:shop/web");
    }

    @Test
    void aRecordStillFailingWhenStoppedStaysUncommitted() throws InterruptedException {
        ScriptedTarget webhook = new ScriptedTarget("webhook", a -> DeliveryResult.retry("connection refused"));
        start(List.of(webhook), Duration.ofMinutes(5), encode(Alerts.firing("LINK_DROP_RATE", "subnet:a->b", "WARNING",
                Alerts.WINDOW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.failureCount("webhook") >= 2);
        loop.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(committed()).isZero();
    }

    @Test
    void refusedAndUndecodableRecordsAreCountedAndSkipped() {
        ScriptedTarget webhook = new ScriptedTarget("webhook", a -> a.getSubject().equals("subnet:bad")
                ? DeliveryResult.rejected("HTTP 400: bad") : DeliveryResult.delivered());
        start(List.of(webhook), Duration.ofMinutes(5),
                encode(Alerts.firing("LINK_DROP_RATE", "subnet:bad", "WARNING", Alerts.WINDOW)),
                new byte[] {1, 2, 3},
                encode(Alerts.firing("LINK_DROP_RATE", "subnet:good", "WARNING", Alerts.WINDOW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
        assertThat(metrics.rejectedCount("webhook")).isEqualTo(1);
        assertThat(metrics.undecodableCount()).isEqualTo(1);
        assertThat(metrics.deliveredCount("webhook")).isEqualTo(1);
        assertThat(webhook.calls).extracting(Alert::getSubject).containsExactly("subnet:bad", "subnet:good");
    }

    @Test
    void firingAlertsAreRepostedToTargetsThatForgetThem() {
        ScriptedTarget alertmanager = new ScriptedTarget("alertmanager", a -> DeliveryResult.delivered());
        alertmanager.refreshes = true;
        start(List.of(alertmanager), Duration.ofSeconds(1),
                encode(Alerts.firing("LINK_DROP_RATE", "subnet:a->b", "WARNING", Alerts.WINDOW)),
                encode(Alerts.firing("LINK_DROP_RATE", "subnet:a->c", "WARNING", Alerts.WINDOW)),
                encode(Alerts.resolved("LINK_DROP_RATE", "subnet:a->b", "WARNING", Alerts.WINDOW.plusSeconds(120))));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
        assertThat(alertmanager.refreshed).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alertmanager.refreshed.isEmpty());
        assertThat(alertmanager.refreshed.get(0)).extracting(Alert::getSubject).containsExactly("subnet:a->c");
        assertThat(alertmanager.calls).hasSize(3);
    }

    private void start(List<AlertTarget> targets, Duration refreshInterval, byte[]... values) {
        loop = new AlertDeliveryLoop(consumer, new AlertDecoder(), TOPIC, targets, Duration.ofMillis(1),
                Duration.ofMillis(20), refreshInterval, metrics, health, clock);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, null, values[i]));
            }
        });
        thread = new Thread(loop::run, "loop-under-test");
        thread.start();
    }

    private long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(TP)).get(TP);
        return offset == null ? 0 : offset.offset();
    }

    private static byte[] encode(Alert alert) {
        try {
            ByteBuffer buffer = alert.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #encode} wrote; anything else fails as a registry decoder would. */
    private static final class AlertDecoder implements Deserializer<Object> {
        @Override
        public Object deserialize(String topic, byte[] data) {
            try {
                return Alert.fromByteBuffer(ByteBuffer.wrap(data));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not an Alert", e);
            }
        }
    }

    private static final class ScriptedTarget implements AlertTarget {
        final String name;
        final Function<Alert, DeliveryResult> answer;
        final List<Alert> calls = new CopyOnWriteArrayList<>();
        final List<String> deliveryIds = new CopyOnWriteArrayList<>();
        final List<List<Alert>> refreshed = new CopyOnWriteArrayList<>();
        volatile boolean refreshes;

        ScriptedTarget(String name, Function<Alert, DeliveryResult> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DeliveryResult send(Alert alert, String deliveryId, Instant now) {
            calls.add(alert);
            DeliveryResult result = answer.apply(alert);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                deliveryIds.add(deliveryId);
            }
            return result;
        }

        @Override
        public DeliveryResult refresh(Collection<Alert> firing, Instant now) {
            refreshed.add(new ArrayList<>(firing));
            return DeliveryResult.delivered();
        }

        @Override
        public boolean refreshes() {
            return refreshes;
        }

        List<String> states() {
            return calls.stream().map(Alert::getState).toList();
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
