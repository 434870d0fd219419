package io.flowpulse.ingest.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer settings for flows: idempotent, lz4, large batches, blocking instead of dropping. */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** Defaults first, then the user's {@code kafka.*} settings, which win. */
    public static Properties flows(String bootstrapServers, Properties overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        // never give up on an accepted record; send() blocks (backpressure) when the buffer is full
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "flowpulse-ingest");
        p.putAll(overrides);
        return p;
    }
}
