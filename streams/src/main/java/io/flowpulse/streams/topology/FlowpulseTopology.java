package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds (and only builds) the analytics topology:
 * <pre>
 * hubble.flows.v1 --stage 1 (per flows partition: partial windows + watermarks)--> partials (internal,
 *   key = tag|output key, watermarks to every partition) --stage 2 (merge, close on the minimum
 *   watermark, alerts)--> flowpulse.links.v1 / dns.v1 / latency.v1 / alerts.v1
 * flowpulse.nodes.v1 --> global store + shared inventory, read by stage 1
 * </pre>
 */
public final class FlowpulseTopology {

    public static final String NODES_STORE = "node-inventory";
    public static final String STAGE1_WINDOWS_STORE = "stage1-open-windows";
    public static final String STAGE1_PROGRESS_STORE = "stage1-progress";
    public static final String STAGE1_HANDSHAKES_STORE = "stage1-pending-syns";
    public static final String STAGE2_WINDOWS_STORE = "stage2-open-windows";
    public static final String STAGE2_PROGRESS_STORE = "stage2-progress";
    /** Name of the repartition step; the topic is {@code <application.id>-partials-repartition}. */
    public static final String PARTIALS = "partials";

    private FlowpulseTopology() {
    }

    /**
     * The builder's own configuration. A builder without one checks a configuration of defaults and
     * warns that the global thread has no processing exception handler, though the services enable
     * it ({@link DeadLetterHandlers}). Only topology-level keys set here would override the service's
     * configuration, and none is: the id and address only satisfy the checks of {@link StreamsConfig}.
     */
    private static TopologyConfig builderConfig() {
        return new TopologyConfig(new StreamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "flowpulse-topology-builder",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true)));
    }

    public static Topology build(TopologySettings settings, FlowpulseSerdes serdes, PipelineMetrics metrics) {
        ClosedWindowListener.Factory alerts = AlertListener.factory(settings.alertThresholds(), settings.windowSize(), metrics);
        return build(settings, serdes, metrics, alerts);
    }

    /** With another listener of closed windows than the alert rules, e.g. none. */
    public static Topology build(TopologySettings settings, FlowpulseSerdes serdes, PipelineMetrics metrics,
                                 ClosedWindowListener.Factory listeners) {
        StreamsBuilder builder = new StreamsBuilder(builderConfig());
        InventoryHolder inventory = new InventoryHolder(settings.topologyNodes());
        AggregateTypes types = new AggregateTypes(settings.suspiciousNames());

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NODES_STORE), Serdes.String(), serdes.node())
                        .withLoggingDisabled(),
                settings.nodesTopic(),
                Consumed.<String, Node>with(Serdes.String(), serdes.node()).withName("nodes-source"),
                () -> new InventoryUpdateProcessor(NODES_STORE, inventory));

        builder.addStateStore(bytesStore(STAGE1_WINDOWS_STORE));
        builder.addStateStore(progressStore(STAGE1_PROGRESS_STORE));
        builder.addStateStore(bytesStore(STAGE1_HANDSHAKES_STORE));
        builder.addStateStore(bytesStore(STAGE2_WINDOWS_STORE));
        builder.addStateStore(progressStore(STAGE2_PROGRESS_STORE));
        builder.addStateStore(bytesStore(AlertListener.FIRING_STORE));
        builder.addStateStore(bytesStore(AlertListener.DNS_HISTORY_STORE));
        builder.addStateStore(bytesStore(AlertListener.PROGRESS_STORE));

        KStream<String, SpecificRecord> flows = builder.stream(settings.flowsTopic(),
                Consumed.with(Serdes.String(), serdes.flowEvents())
                        .withTimestampExtractor(new FlowTimestampExtractor())
                        .withName("flows-source"));

        KStream<String, byte[]> partials = flows.process(
                () -> new PartialWindowsProcessor(settings, types, inventory, metrics,
                        STAGE1_WINDOWS_STORE, STAGE1_PROGRESS_STORE, STAGE1_HANDSHAKES_STORE),
                Named.as("stage1-partial-windows"), STAGE1_WINDOWS_STORE, STAGE1_PROGRESS_STORE, STAGE1_HANDSHAKES_STORE);

        KStream<String, SpecificRecord> finals = partials
                .repartition(Repartitioned.<String, byte[]>as(PARTIALS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(settings.partialsPartitions())
                        .withStreamPartitioner(new PartialsPartitioner()))
                .process(() -> new FinalWindowsProcessor(settings, types, metrics, listeners,
                                STAGE2_WINDOWS_STORE, STAGE2_PROGRESS_STORE),
                        Named.as("stage2-final-windows"), STAGE2_WINDOWS_STORE, STAGE2_PROGRESS_STORE,
                        AlertListener.FIRING_STORE, AlertListener.DNS_HISTORY_STORE, AlertListener.PROGRESS_STORE);

        sendTo(finals, LinkWindow.class, settings.linksTopic(), serdes.linkWindow(), "links");
        sendTo(finals, DnsWindow.class, settings.dnsTopic(), serdes.dnsWindow(), "dns");
        sendTo(finals, LatencyWindow.class, settings.latencyTopic(), serdes.latencyWindow(), "latency");
        sendTo(finals, Alert.class, settings.alertsTopic(), serdes.alert(), "alerts");
        return builder.build();
    }

    private static <T extends SpecificRecord> void sendTo(KStream<String, SpecificRecord> finals, Class<T> type,
                                                          String topic, Serde<T> serde, String name) {
        finals.filter((key, value) -> type.isInstance(value), Named.as(name + "-filter"))
                .mapValues(type::cast, Named.as(name + "-cast"))
                .to(topic, Produced.with(Serdes.String(), serde).withName(name + "-sink"));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> bytesStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static StoreBuilder<KeyValueStore<String, Long>> progressStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }
}
