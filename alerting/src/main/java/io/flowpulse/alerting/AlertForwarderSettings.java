package io.flowpulse.alerting;

import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.Secrets;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.schemas.TopicSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The alert forwarder's settings, read from {@link Config}; {@link #DEFAULTS} lists every key with
 * its default (environment variable = FLOWPULSE_ + key upper-cased, dots and dashes as underscores):
 * <ul>
 * <li>{@code alerts.forward.alertmanager.url}: Alertmanager, e.g. {@code http://alertmanager:9093}
 *     (empty: none); {@code alerts.forward.webhook.url}: a URL that gets every state change as JSON
 *     (empty: none). At least one of the two is needed.</li>
 * <li>{@code alerts.forward.group.id}: the consumer group whose committed offsets say what was delivered</li>
 * <li>{@code alerts.forward.timeout} (one request), {@code alerts.forward.connect-timeout}</li>
 * <li>{@code alerts.forward.retry.initial.backoff}, {@code alerts.forward.retry.max.backoff}: the wait
 *     before retrying a failed target doubles from the first to the second</li>
 * <li>{@code alerts.forward.alertmanager.firing-ttl}: the {@code endsAt} a firing alert is given,
 *     counted from each post; {@code alerts.forward.alertmanager.refresh-interval}: how often the
 *     firing alerts are posted again</li>
 * <li>{@code alerts.forward.generator-url}: the link Alertmanager shows as the alerts' source
 *     (e.g. the console); empty: none</li>
 * <li>{@code kafka.bootstrap.servers} (other {@code kafka.*} keys pass to the consumer),
 *     {@code schema.registry.url}, {@code topics.alerts}</li>
 * <li>{@code http.host}, {@code http.port}: metrics and health</li>
 * </ul>
 */
public record AlertForwarderSettings(
        String alertmanagerUrl,
        String webhookUrl,
        String groupId,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        Duration firingTtl,
        Duration refreshInterval,
        String generatorUrl,
        String bootstrapServers,
        String registryUrl,
        String alertsTopic,
        Properties kafkaOverrides,
        String httpHost,
        int httpPort,
        Map<String, String> registrySettings) {

    public static final String ALERTMANAGER_URL = "alerts.forward.alertmanager.url";
    public static final String WEBHOOK_URL = "alerts.forward.webhook.url";
    public static final String GROUP_ID = "alerts.forward.group.id";

    /** Every key with its default. */
    public static final Map<String, String> DEFAULTS = CommonSettings.join(
            CommonSettings.ordered(
                    ALERTMANAGER_URL, "",
                    WEBHOOK_URL, "",
                    GROUP_ID, "flowpulse-alert-forwarder",
                    "alerts.forward.timeout", "10s",
                    "alerts.forward.connect-timeout", "5s",
                    "alerts.forward.retry.initial.backoff", "500ms",
                    "alerts.forward.retry.max.backoff", "60s",
                    "alerts.forward.alertmanager.firing-ttl", "24h",
                    "alerts.forward.alertmanager.refresh-interval", "5m",
                    "alerts.forward.generator-url", ""),
            CommonSettings.CONNECTION,
            TopicSettings.defaults(TopicSettings.ALERTS),
            CommonSettings.http(9407));

    public AlertForwarderSettings {
        Map<String, String> registry = new java.util.TreeMap<>(registrySettings);
        registry.put(CommonSettings.REGISTRY_URL, registryUrl);
        registrySettings = Map.copyOf(registry);
        alertmanagerUrl = alertmanagerUrl == null ? "" : alertmanagerUrl.trim();
        webhookUrl = webhookUrl == null ? "" : webhookUrl.trim();
        if (alertmanagerUrl.isEmpty() && webhookUrl.isEmpty()) {
            throw new Config.ConfigException("nothing to forward alerts to: set " + ALERTMANAGER_URL + " and/or "
                    + WEBHOOK_URL);
        }
        requireHttpUrl(ALERTMANAGER_URL, alertmanagerUrl);
        requireHttpUrl(WEBHOOK_URL, webhookUrl);
        if (retryInitialBackoff.isZero() || retryInitialBackoff.isNegative()
                || retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new Config.ConfigException("alerts.forward.retry.initial.backoff must be above 0 and at most "
                    + "alerts.forward.retry.max.backoff, got " + retryInitialBackoff + " and " + retryMaxBackoff);
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new Config.ConfigException("alerts.forward.timeout and alerts.forward.connect-timeout must be above 0");
        }
        if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0 || firingTtl.compareTo(refreshInterval) <= 0) {
            throw new Config.ConfigException("alerts.forward.alertmanager.refresh-interval must be at least 1s and "
                    + "below alerts.forward.alertmanager.firing-ttl, got " + refreshInterval + " and " + firingTtl);
        }
        generatorUrl = generatorUrl == null ? "" : generatorUrl.trim();
        kafkaOverrides = (Properties) kafkaOverrides.clone();
    }

    /** Reads every setting; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static AlertForwarderSettings from(Config config) {
        KafkaClientProperties kafka = KafkaClientProperties.from(config);
        return new AlertForwarderSettings(
                config.get(ALERTMANAGER_URL),
                config.get(WEBHOOK_URL),
                config.get(GROUP_ID),
                config.getDuration("alerts.forward.timeout"),
                config.getDuration("alerts.forward.connect-timeout"),
                config.getDuration("alerts.forward.retry.initial.backoff"),
                config.getDuration("alerts.forward.retry.max.backoff"),
                config.getDuration("alerts.forward.alertmanager.firing-ttl"),
                config.getDuration("alerts.forward.alertmanager.refresh-interval"),
                config.get("alerts.forward.generator-url"),
                kafka.bootstrapServers(),
                config.require(CommonSettings.REGISTRY_URL),
                config.get(TopicSettings.ALERTS),
                kafka.overrides(),
                config.get(CommonSettings.HTTP_HOST),
                config.getInt(CommonSettings.HTTP_PORT),
                CommonSettings.registryClient(config));
    }

    /** Settings for tests and embedding: the defaults with these overrides, no file, no environment. */
    public static AlertForwarderSettings of(Map<String, String> overrides) {
        return from(Config.builder().defaults(DEFAULTS).overrides(overrides).build());
    }

    /** The Kafka connection: bootstrap servers and the {@code kafka.*} settings. */
    public KafkaClientProperties kafkaClients() {
        return KafkaClientProperties.of(bootstrapServers, kafkaOverrides);
    }

    private static void requireHttpUrl(String key, String value) {
        if (!value.isEmpty() && !value.matches("https?://[^\\s]+")) {
            throw new Config.ConfigException(key + " must be an http:// or https:// URL, got '" + value + "'");
        }
    }

    /** The registry client of these settings: the URL with {@code schema.registry.*} and {@code basic.auth.*}. */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registrySettings);
    }

    /** Secrets (a SASL JAAS configuration, registry credentials) masked. */
    @Override
    public String toString() {
        return "AlertForwarderSettings[alertmanager=" + alertmanagerUrl + ", webhook=" + webhookUrl
                + ", bootstrapServers=" + bootstrapServers + ", registry=" + Secrets.masked(registrySettings)
                + ", alertsTopic=" + alertsTopic + ", kafka=" + Secrets.masked(kafkaOverrides)
                + ", http=" + httpHost + ":" + httpPort + "]";
    }
}
