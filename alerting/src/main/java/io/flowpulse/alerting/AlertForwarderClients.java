package io.flowpulse.alerting;

import io.flowpulse.schemas.serde.AvroSerde;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the forwarder works with, built in one place: the alerts consumer, the value decoder and the
 * targets. {@link #create} builds the real ones from the settings; tests pass their own. The
 * service they are given to closes them.
 */
public final class AlertForwarderClients implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<Object> values;
    private final List<AlertTarget> targets;

    /**
     * @param consumer reads the alerts topic; auto-commit must be off and a group id set
     * @param values   decodes record values into the generated Avro classes
     * @param targets  where every alert goes, at least one
     */
    public AlertForwarderClients(Consumer<byte[], byte[]> consumer, Deserializer<Object> values, List<AlertTarget> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to forward alerts to");
        }
        this.consumer = consumer;
        this.values = values;
        this.targets = List.copyOf(targets);
    }

    /** The real clients: a Kafka consumer, the registry's Avro decoder, Alertmanager and/or the webhook over HTTP. */
    public static AlertForwarderClients create(AlertForwarderSettings settings) {
        List<AlertTarget> targets = targets(settings, HttpJsonPoster.client(settings.connectTimeout()));
        Deserializer<Object> values = AvroSerde.<Object>builder().registry(settings.registryClient()).buildDeserializer();
        try {
            return new AlertForwarderClients(new KafkaConsumer<>(consumerProperties(settings), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()), values, targets);
        } catch (RuntimeException e) {
            values.close();
            throw e;
        }
    }

    /** The targets the settings name, sharing one HTTP client. */
    public static List<AlertTarget> targets(AlertForwarderSettings settings, HttpClient http) {
        HttpJsonPoster poster = new HttpJsonPoster(http, settings.requestTimeout());
        List<AlertTarget> targets = new ArrayList<>();
        if (!settings.alertmanagerUrl().isEmpty()) {
            targets.add(new AlertmanagerTarget(settings.alertmanagerUrl(), poster, settings.firingTtl(),
                    settings.generatorUrl()));
        }
        if (!settings.webhookUrl().isEmpty()) {
            targets.add(new WebhookTarget(settings.webhookUrl(), poster));
        }
        return targets;
    }

    /**
     * The consumer's configuration: the {@code kafka.*} settings, then what delivery depends on: the
     * group, commits by the forwarder only, committed records only (streams writes in transactions).
     */
    static Properties consumerProperties(AlertForwarderSettings settings) {
        return settings.kafkaClients().consumer()
                .withDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .withDefault(ConsumerConfig.CLIENT_ID_CONFIG, "flowpulse-alert-forwarder")
                .withDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500")
                .with(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId())
                .with(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .build();
    }

    public Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    public Deserializer<Object> values() {
        return values;
    }

    public List<AlertTarget> targets() {
        return targets;
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            values.close();
        }
    }
}
