package io.flowpulse.flink;

import io.flowpulse.flink.kafka.AvroBinary;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerdeConfig;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.logic.dns.SuspiciousNames;
import io.flowpulse.streams.topology.AggregateTypes;
import io.flowpulse.streams.topology.TopologySettings;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operators of the job need, in a form Flink can ship to the task managers (Java
 * serialization): the analytics settings of the streams topology ({@link TopologySettings}) and
 * how to reach the schema registry. The operators turn it back into the streams module's own
 * objects when they open.
 */
public final class JobParams implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String flowsTopic;
    private final long windowMillis;
    private final long graceMillis;
    private final long idleTimeoutMillis;
    private final long handshakeTimeoutMillis;
    private final int maxKeysPerWindow;
    /** The components of the {@link AlertThresholds} record, in declaration order. */
    private final Object[] thresholds;
    /** Nodes of the offline topology file, each in plain Avro binary. */
    private final ArrayList<byte[]> topologyNodes;
    /** Registry settings with the keys of {@link AvroSerdeConfig}. */
    private final LinkedHashMap<String, String> registry;

    private transient AlertThresholds alertThresholds;

    public JobParams(TopologySettings analytics, Map<String, String> registryConfig) {
        Objects.requireNonNull(analytics, "analytics");
        this.flowsTopic = analytics.flowsTopic();
        this.windowMillis = analytics.windowMillis();
        this.graceMillis = analytics.graceMillis();
        this.idleTimeoutMillis = analytics.idleTimeout().toMillis();
        this.handshakeTimeoutMillis = analytics.handshakeTimeout().toMillis();
        this.maxKeysPerWindow = analytics.maxKeysPerWindow();
        this.thresholds = components(analytics.alertThresholds());
        this.topologyNodes = new ArrayList<>();
        analytics.topologyNodes().forEach(node -> topologyNodes.add(AvroBinary.encode(node)));
        this.registry = new LinkedHashMap<>(registryConfig);
        if (!registry.containsKey(AvroSerdeConfig.SCHEMA_REGISTRY_URL)) {
            throw new IllegalArgumentException("the registry settings need " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
    }

    /** Registry settings of just a URL. */
    public static JobParams of(TopologySettings analytics, String registryUrl) {
        return new JobParams(analytics, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
    }

    public String flowsTopic() {
        return flowsTopic;
    }

    public long windowMillis() {
        return windowMillis;
    }

    public Duration windowSize() {
        return Duration.ofMillis(windowMillis);
    }

    public long graceMillis() {
        return graceMillis;
    }

    /** Wall-clock time without records after which a flows partition hands over its open windows; 0 = never. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    public Duration handshakeTimeout() {
        return Duration.ofMillis(handshakeTimeoutMillis);
    }

    /** The most distinct keys per aggregate type in one open window of one flows partition. */
    public int maxKeysPerWindow() {
        return maxKeysPerWindow;
    }

    public AlertThresholds alertThresholds() {
        if (alertThresholds == null) {
            alertThresholds = fromComponents(thresholds);
        }
        return alertThresholds;
    }

    public SuspiciousNames suspiciousNames() {
        AlertThresholds t = alertThresholds();
        return new SuspiciousNames(t.suspiciousLabelLength(), t.suspiciousEntropyBits());
    }

    public AggregateTypes aggregateTypes() {
        return new AggregateTypes(suspiciousNames());
    }

    public List<Node> topologyNodes() {
        return topologyNodes.stream().map(bytes -> AvroBinary.decode(bytes, Node.class)).toList();
    }

    public Map<String, String> registryConfig() {
        return Map.copyOf(registry);
    }

    /** The JVM's shared client for these registry settings. */
    public SchemaRegistryClient registryClient() {
        return AvroSerdeConfig.registryClient(registry);
    }

    private static Object[] components(AlertThresholds thresholds) {
        RecordComponent[] components = AlertThresholds.class.getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(thresholds);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the alert thresholds", e);
        }
        return values;
    }

    private static AlertThresholds fromComponents(Object[] values) {
        RecordComponent[] components = AlertThresholds.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<AlertThresholds> constructor = AlertThresholds.class.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild the alert thresholds", e);
        }
    }
}
