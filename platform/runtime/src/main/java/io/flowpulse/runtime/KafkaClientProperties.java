package io.flowpulse.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one place where the properties of Flowpulse's Kafka clients are put together: the bootstrap
 * servers and every other {@code kafka.*} setting of the configuration (security, timeouts, tuning),
 * then what the client's role needs.
 *
 * <pre>{@code
 * Properties p = KafkaClientProperties.from(config).producer()
 *         .withDefault(ProducerConfig.LINGER_MS_CONFIG, "20")   // kafka.linger.ms may change it
 *         .with(ProducerConfig.ACKS_CONFIG, "all")               // kafka.acks may not
 *         .build();
 * }</pre>
 */
public final class KafkaClientProperties {

    /** Settings under this prefix go to the Kafka clients with the prefix removed. */
    public static final String PREFIX = "kafka";

    private final String bootstrapServers;
    private final Properties overrides;

    private KafkaClientProperties(String bootstrapServers, Properties overrides) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.overrides = new Properties();
        this.overrides.putAll(overrides);
        this.overrides.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** {@code kafka.bootstrap.servers} (required) and the other {@code kafka.*} settings. */
    public static KafkaClientProperties from(Config config) {
        return new KafkaClientProperties(config.require(CommonSettings.BOOTSTRAP_SERVERS), config.withPrefix(PREFIX));
    }

    /** @param overrides client settings without the {@code kafka.} prefix; a bootstrap.servers among them is ignored */
    public static KafkaClientProperties of(String bootstrapServers, Properties overrides) {
        return new KafkaClientProperties(bootstrapServers, overrides);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code kafka.*} settings other than the bootstrap servers, without the prefix; a copy. */
    public Properties overrides() {
        Properties copy = new Properties();
        copy.putAll(overrides);
        return copy;
    }

    public Builder producer() {
        return new Builder();
    }

    public Builder consumer() {
        return new Builder();
    }

    public Builder admin() {
        return new Builder();
    }

    /** For Kafka Streams; {@code kafka.consumer.*}, {@code kafka.producer.*} reach its inner clients as Streams defines. */
    public Builder streams() {
        return new Builder();
    }

    /** The properties of one client: role defaults, then the configuration, then what the role insists on. */
    public final class Builder {
        private final Map<Object, Object> defaults = new LinkedHashMap<>();
        private final Map<Object, Object> fixed = new LinkedHashMap<>();

        private Builder() {
        }

        /** A value the role prefers; a {@code kafka.*} setting of the same key wins. */
        public Builder withDefault(String key, Object value) {
            defaults.put(key, value);
            return this;
        }

        /** A value the role depends on; it wins over a {@code kafka.*} setting of the same key. */
        public Builder with(String key, Object value) {
            fixed.put(key, value);
            return this;
        }

        /** {@link #with} for each entry. */
        public Builder withAll(Map<?, ?> values) {
            fixed.putAll(values);
            return this;
        }

        public Properties build() {
            Properties p = new Properties();
            p.putAll(defaults);
            p.putAll(overrides);
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.putAll(fixed);
            return p;
        }
    }
}
