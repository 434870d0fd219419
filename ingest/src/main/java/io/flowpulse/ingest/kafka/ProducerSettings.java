package io.flowpulse.ingest.kafka;

import io.flowpulse.runtime.KafkaClientProperties;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer settings for flows: idempotent, zstd-compressed batches that stay open long enough to
 * compress well, blocking instead of dropping. Each is a default that the {@code kafka.*} setting
 * of the same name replaces (e.g. {@code kafka.compression.type}, {@code kafka.linger.ms}).
 *
 * <p>Compression is what decides a flow's cost on the broker's disk: a record is about 800 bytes
 * of Avro, mostly labels, names and policies that repeat from flow to flow, so it compresses to a
 * tenth or less when a batch holds enough of them. zstd at level 1 stores a flow in about half the
 * bytes of lz4, at about the same CPU per record. At a relay's pace (hundreds of flows a second) a
 * batch holds what arrives within {@code linger.ms}: at the former 20 ms that was a handful of flows
 * per partition and 250-375 bytes a flow; 500 ms brings it to 75-115 bytes, and delays a flow's
 * arrival in Kafka by at most half a second, small against the analytics' 60 s windows and 10 s
 * grace. A capture read at full speed fills batches before the linger ends. Measured in
 * docs/benchmarks.md (bytes per flow on the broker's disk).
 */
public final class ProducerSettings {

    /** {@code compression.type}: zstd, see the class comment. */
    public static final String COMPRESSION = "zstd";
    /** {@code compression.zstd.level}: level 1 stores flows as small as the default level 3, for less CPU. */
    public static final int ZSTD_LEVEL = 1;
    /** {@code linger.ms}: how long a batch waits for more flows at a relay's pace. */
    public static final int LINGER_MS = 500;

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
                .withDefault(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION)
                .withDefault(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, Integer.toString(ZSTD_LEVEL))
                .withDefault(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS))
                .withDefault(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024))
                .withDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024))
                // never give up on an accepted record; send() blocks (backpressure) when the buffer is full
                .withDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE))
                .withDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000")
                .withDefault(ProducerConfig.CLIENT_ID_CONFIG, "flowpulse-ingest")
                .build();
    }
}
