package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.AvroSerde;
import io.flowpulse.schemas.serde.FlowEventSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Avro in the Confluent wire format, schemas registered under TopicNameStrategy subjects. */
public final class RegistrySerdes implements FlowpulseSerdes {

    private final Serde<SpecificRecord> flowEvents;
    private final Serde<Node> node;
    private final Serde<LinkWindow> linkWindow;
    private final Serde<DnsWindow> dnsWindow;
    private final Serde<LatencyWindow> latencyWindow;
    private final Serde<Alert> alert;

    public RegistrySerdes(SchemaRegistryClient client) {
        this.flowEvents = FlowEventSerde.create(client);
        this.node = AvroSerde.specific(Node.class, client);
        this.linkWindow = AvroSerde.specific(LinkWindow.class, client);
        this.dnsWindow = AvroSerde.specific(DnsWindow.class, client);
        this.latencyWindow = AvroSerde.specific(LatencyWindow.class, client);
        this.alert = AvroSerde.specific(Alert.class, client);
    }

    @Override
    public Serde<SpecificRecord> flowEvents() {
        return flowEvents;
    }

    @Override
    public Serde<Node> node() {
        return node;
    }

    @Override
    public Serde<LinkWindow> linkWindow() {
        return linkWindow;
    }

    @Override
    public Serde<DnsWindow> dnsWindow() {
        return dnsWindow;
    }

    @Override
    public Serde<LatencyWindow> latencyWindow() {
        return latencyWindow;
    }

    @Override
    public Serde<Alert> alert() {
        return alert;
    }
}
