package io.flowpulse.ingest.kafka;

import io.flowpulse.runtime.KafkaClientProperties;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer settings for flows: idempotent, lz4, large batches, blocking instead of dropping. */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** Defaults first, then the user's {@code kafka.*} settings, which win. */
    public static Properties flows(String bootstrapServers, Properties overrides) {
        return flows(KafkaClientProperties.of(bootstrapServers, overrides));
    }

    /** Defaults first, then the user's {@code kafka.*} settings, which win. */
    public static Properties flows(KafkaClientProperties kafka) {
        return kafka.producer()
                .withDefault(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .withDefault(ProducerConfig.ACKS_CONFIG, "all")
                .withDefault(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .withDefault(ProducerConfig.LINGER_MS_CONFIG, "20")
                .withDefault(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024))
                .withDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024))
                // never give up on an accepted record; send() blocks (backpressure) when the buffer is full
                .withDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE))
                .withDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000")
                .withDefault(ProducerConfig.CLIENT_ID_CONFIG, "flowpulse-ingest")
                .build();
    }
}
