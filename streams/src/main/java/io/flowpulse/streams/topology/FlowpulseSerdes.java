package io.flowpulse.streams.topology;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the topics the topology reads and writes. Production uses the Confluent
 * wire format against a schema registry ({@link RegistrySerdes}); tests may use any other encoding.
 */
public interface FlowpulseSerdes {

    /** Values of the flows topic: {@code Flow} or {@code LostEvents}. */
    Serde<SpecificRecord> flowEvents();

    Serde<Node> node();

    Serde<LinkWindow> linkWindow();

    Serde<DnsWindow> dnsWindow();

    Serde<LatencyWindow> latencyWindow();

    Serde<Alert> alert();
}
