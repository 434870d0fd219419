package io.flowpulse.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Backpressure instead of loss: order kept, nothing lost while the producer refuses records
 * (as when {@code max.block.ms} passes with Kafka down), the source held meanwhile and released
 * by stop. The producer here is Kafka's MockProducer (what is tested is the publisher's retry
 * and stop logic; the broker path is covered by the integration tests).
 */
class FlowPublisherTest {

    /**
     * A producer whose send times out (as when max.block.ms passes with Kafka down) while {@link #down} is
     * set, the way KafkaProducer does it: the callback is called with the TimeoutException on the sending
     * thread, before send returns a failed future; send itself does not throw.
     */
    private static final class FlakyProducer extends MockProducer<String, Object> {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        FlakyProducer() {
            super(true, null, new StringSerializer(), (topic, value) -> ((String) value).getBytes());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, Object> record, Callback callback) {
            if (down.get()) {
                refused.incrementAndGet();
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TimeoutException refusal = new TimeoutException("Topic flows not present in metadata after 20 ms.");
                callback.onCompletion(new RecordMetadata(new TopicPartition(record.topic(), 0), -1, -1, -1, -1, -1),
                        refusal);
                return java.util.concurrent.CompletableFuture.failedFuture(refusal);
            }
            return super.send(record, callback);
        }
    }

    private final IngestDeadLetters deadLetters = new IngestDeadLetters(
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), "dlq");

    @Test
    void recordsReachTheProducerInOrderAndFlushWaitsForThem() {
        FlakyProducer producer = new FlakyProducer();
        try (FlowPublisher publisher = new FlowPublisher(producer, "flows", deadLetters)) {
            for (int i = 0; i < 50_000; i++) {
                publishUnchecked(publisher, "node-" + (i % 3), "v" + i);
            }
            publisher.flush();
            List<ProducerRecord<String, Object>> sent = producer.history();
            assertThat(sent).hasSize(50_000);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(sent.get(i).value()).isEqualTo("v" + i);
            }
            assertThat(publisher.acked()).isEqualTo(50_000);
        }
    }

    @Test
    void whileKafkaRefusesRecordsTheSourceIsHeldAndNothingIsLost() throws Exception {
        FlakyProducer producer = new FlakyProducer();
        producer.down.set(true);
        try (FlowPublisher publisher = new FlowPublisher(producer, "flows", deadLetters)) {
            int total = 1_000;
            AtomicInteger handedOver = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(1);
            Thread source = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    publishUnchecked(publisher, "n", "v" + i);
                    handedOver.incrementAndGet();
                }
                finished.countDown();
            });
            source.start();
            assertThat(finished.await(1, TimeUnit.SECONDS)).as("source held while Kafka refuses records").isFalse();
            assertThat(handedOver.get()).isLessThan(total);
            assertThat(publisher.blockedRetries()).isPositive();
            producer.down.set(false);
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
            publisher.flush();
            assertThat(producer.history()).hasSize(total);
            assertThat(producer.history().get(0).value()).isEqualTo("v0");
            assertThat(producer.history().get(total - 1).value()).isEqualTo("v" + (total - 1));
        }
    }

    @Test
    void aStoppedSourceIsReleasedWhileKafkaRefusesRecords() throws Exception {
        FlakyProducer producer = new FlakyProducer();
        producer.down.set(true);
        FlowPublisher publisher = new FlowPublisher(producer, "flows", deadLetters);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger handedOver = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Exception> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread source = new Thread(() -> {
            try {
                while (true) {
                    publisher.publish("n", "v", stop::get);
                    handedOver.incrementAndGet();
                }
            } catch (Exception e) {
                ended.set(e);
            }
        });
        source.start();
        Thread.sleep(500);
        assertThat(source.isAlive()).as("held while Kafka refuses records").isTrue();
        int held = handedOver.get();
        Thread.sleep(200);
        assertThat(handedOver.get()).isEqualTo(held);
        stop.set(true);
        source.join(2_000);
        assertThat(ended.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("Kafka was unavailable");
        publisher.close();
        assertThatThrownBy(() -> publisher.publish("n", "after close", () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static void publishUnchecked(FlowPublisher publisher, String node, String value) {
        try {
            publisher.publish(node, value, () -> false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
