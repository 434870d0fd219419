package io.flowpulse.flink.operators;

import io.flowpulse.flink.JobParams;
import io.flowpulse.flink.model.FlowsRecord;
import io.flowpulse.flink.model.WindowPart;
import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.Workload;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.streams.logic.alert.LostEventsAggregate;
import io.flowpulse.streams.topology.LostEventsAggregateType;
import io.flowpulse.streams.topology.TopologySettings;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Flows in the Confluent wire format (against a stub registry) and the job's settings, for the operator tests. */
final class OperatorFixtures {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final String TOPIC = "hubble.flows.v1";

    private final Serializer<SpecificRecord> serializer;
    private long offset;

    OperatorFixtures(String registryUrl) {
        serializer = FlowEventSerde.create(SchemaRegistryClient.builder(registryUrl).build()).serializer();
    }

    static JobParams params(String registryUrl) {
        return JobParams.of(TopologySettings.builder().topologyNodes(SyntheticCapture.nodes()).build(), registryUrl);
    }

    FlowsRecord record(int partition, SpecificRecord value) {
        Instant time = value instanceof Flow f ? f.getTime() : ((LostEvents) value).getTime();
        String node = value instanceof Flow f ? f.getNode() : ((LostEvents) value).getNode();
        return FlowsRecord.value(partition, offset++, node, time.toEpochMilli(), serializer.serialize(TOPIC, value));
    }

    static Endpoint pod(int node, String workload) {
        return Endpoint.newBuilder().setId(100 + node).setNamespace("shop").setPodName(workload + "-7c9d8-abcde")
                .setWorkloads(List.of(new Workload(workload, "Deployment"))).build();
    }

    /** A forwarded TCP event from node's web pod to the api pod on the next node, observed at node. */
    static Flow tcp(Instant time, int node, String... flags) {
        int peer = (node + 1) % 8;
        return Flow.newBuilder().setTime(time).setNodeName("node-" + node).setNode("node-" + node)
                .setVerdict("FORWARDED").setFlowType("L3_L4").setProtocol("TCP").setIpVersion("IPv4")
                .setTcpFlags(List.of(flags.length == 0 ? new String[] {"ACK"} : flags))
                .setSourceIp("10.244." + node + ".5").setSourcePort(41000)
                .setDestinationIp("10.244." + peer + ".9").setDestinationPort(8080)
                .setSource(pod(node, "web")).setDestination(Endpoint.newBuilder(pod(peer, "api")).setId(0).build()).build();
    }

    /** The SYN-ACK answering {@link #tcp} with SYN, seen at the client's node. */
    static Flow synAck(Instant time, int node) {
        int peer = (node + 1) % 8;
        return Flow.newBuilder().setTime(time).setNodeName("node-" + node).setNode("node-" + node)
                .setVerdict("FORWARDED").setFlowType("L3_L4").setProtocol("TCP").setIpVersion("IPv4")
                .setTcpFlags(List.of("SYN", "ACK")).setIsReply(true)
                .setSourceIp("10.244." + peer + ".9").setSourcePort(8080)
                .setDestinationIp("10.244." + node + ".5").setDestinationPort(41000)
                .setSource(Endpoint.newBuilder(pod(peer, "api")).setId(0).build()).setDestination(pod(node, "web")).build();
    }

    static LostEvents lost(Instant time, String node, long count) {
        return LostEvents.newBuilder().setTime(time).setNodeName(node).setNode(node)
                .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(count).build();
    }

    /** A lost-events aggregate of {@code count} events of one node, as stage 1 or 2 emits it. */
    static WindowPart lostPart(String node, long windowStart, long count) {
        LostEventsAggregate aggregate = new LostEventsAggregate().add(lost(Instant.ofEpochMilli(windowStart), node, count));
        return new WindowPart(LostEventsAggregateType.TAG, node, windowStart, LostEventsAggregate.CODEC.encode(aggregate));
    }
}
