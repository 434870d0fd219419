package io.flowpulse.replay;

import io.flowpulse.streams.topology.EndOfStream;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Ends a replay's input: the end-of-stream marker to every partition of its flows topic, whichever engine reads it. */
public final class EndMarkers {

    private EndMarkers() {
    }

    /** {@code lastTime}: the capture's last event time (null when it had none); {@code clientId} names the producer. */
    public static void send(ReplaySettings settings, String flowsTopic, int partitions, Instant lastTime, String clientId) {
        long timestamp = lastTime == null ? 0 : Math.max(0, lastTime.toEpochMilli());
        Properties props = new Properties();
        props.putAll(settings.kafkaOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> marker : EndOfStream.<byte[]>markers(flowsTopic, partitions, timestamp)) {
                producer.send(marker);
            }
            producer.flush();
        }
    }
}
