package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.TestFlows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkWindowsTest {

    static final List<Node> NODES = List.of(
            Node.newBuilder().setName("node-1").setAddresses(List.of("192.168.10.11"))
                    .setPodCidrs(List.of("10.244.1.0/24")).setSubnet("lab-a").build(),
            Node.newBuilder().setName("node-2").setAddresses(List.of("192.168.20.12"))
                    .setPodCidrs(List.of("10.244.2.0/24")).setSubnet("lab-b").build());

    TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.builder().topologyNodes(NODES).build());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    static Endpoint web() {
        return TestFlows.deployment(5, "shop", "web", "web-7d9f8b6c5d-abcde");
    }

    static Endpoint remoteDb() {
        return TestFlows.deployment(0, "shop", "db", "db-5c6d7e8f9a-fghij");
    }

    /** web (local to node-1, 10.244.1.10) -> db (10.244.2.20, in node-2's pod CIDR), seen at node-1. */
    static Flow webToDb(Instant time, String verdict) {
        Flow.Builder flow = TestFlows.tcp(time, "node-1", "10.244.1.10", 40000, "10.244.2.20", 5432, "SYN")
                .setSource(web()).setDestination(remoteDb()).setVerdict(verdict);
        if (verdict.equals("DROPPED")) {
            flow.setDropReasonDesc("POLICY_DENIED");
        }
        return flow.build();
    }

    /** the internet (1.2.3.4) -> db, local to node-2 where it is seen. */
    static Flow worldToDb(Instant time) {
        return TestFlows.tcp(time, "node-2", "1.2.3.4", 5555, "10.244.2.20", 5432, "SYN")
                .setSource(TestFlows.world())
                .setDestination(TestFlows.deployment(7, "shop", "db", "db-5c6d7e8f9a-fghij")).build();
    }

    void send(Flow flow) {
        harness.send(flow, flow.getTime(), flow.getNode());
    }

    static Map<String, LinkWindow> byKeyAndStart(List<KeyValue<String, LinkWindow>> records) {
        Map<String, LinkWindow> out = new TreeMap<>();
        for (KeyValue<String, LinkWindow> record : records) {
            LinkWindow previous = out.put(record.key + "@" + record.value.getWindowStart(), record.value);
            assertThat(previous).as("one final record per key and window: %s", record.key).isNull();
        }
        return out;
    }

    @Test
    void linkWindowsAtThreeLevelsCloseWhenStreamTimePassesEndPlusGrace() {
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        send(webToDb(T0.plusSeconds(2), "DROPPED"));
        send(webToDb(T0.plusSeconds(3), "FORWARDED"));
        send(worldToDb(T0.plusSeconds(5)));
        send(webToDb(T0.plusSeconds(69), "FORWARDED"));

        assertThat(harness.links.isEmpty()).as("window 10:00 is open until 10:01:10").isTrue();

        send(webToDb(T0.plusSeconds(70), "ERROR"));
        Map<String, LinkWindow> first = byKeyAndStart(harness.links.readKeyValuesToList());
        assertThat(first.keySet()).containsExactlyInAnyOrder(
                "workload|shop/web|shop/db@" + T0,
                "node|node-1|node-2@" + T0,
                "subnet|lab-a|lab-b@" + T0,
                "workload|reserved:world|shop/db@" + T0,
                "node|external|node-2@" + T0,
                "subnet|external|lab-b@" + T0);
        for (String key : List.of("workload|shop/web|shop/db", "node|node-1|node-2", "subnet|lab-a|lab-b")) {
            LinkWindow window = first.get(key + "@" + T0);
            assertThat(window.getForwarded()).isEqualTo(2);
            assertThat(window.getDropped()).isEqualTo(1);
            assertThat(window.getOther()).isZero();
            assertThat(window.getDropRate()).isEqualTo(1.0 / 3.0);
            assertThat(window.getDropReasons()).containsExactly(Map.entry("POLICY_DENIED", 1L));
            assertThat(window.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
        }
        LinkWindow world = first.get("node|external|node-2@" + T0);
        assertThat(world.getLevel()).isEqualTo("node");
        assertThat(world.getSrc()).isEqualTo("external");
        assertThat(world.getDst()).isEqualTo("node-2");
        assertThat(world.getForwarded()).isEqualTo(1);
        assertThat(world.getDropped()).isZero();
        assertThat(world.getDropRate()).isZero();
        assertThat(world.getDropReasons()).isEmpty();

        harness.endOfStream(T0.plusSeconds(71));
        Map<String, LinkWindow> second = byKeyAndStart(harness.links.readKeyValuesToList());
        assertThat(second.keySet()).containsExactlyInAnyOrder(
                "workload|shop/web|shop/db@" + T0.plusSeconds(60),
                "node|node-1|node-2@" + T0.plusSeconds(60),
                "subnet|lab-a|lab-b@" + T0.plusSeconds(60));
        LinkWindow web = second.get("workload|shop/web|shop/db@" + T0.plusSeconds(60));
        assertThat(web.getForwarded()).isEqualTo(1);
        assertThat(web.getOther()).isEqualTo(1);
        assertThat(web.getDropRate()).isZero();
        assertThat(harness.metrics.lateRecords().count()).isZero();
    }

    @Test
    void aLateRecordIsCountedAndNotAdded() {
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        send(webToDb(T0.plusSeconds(61), "FORWARDED"));
        send(webToDb(T0.plusSeconds(30), "DROPPED"));   // still within grace: window 10:00 closes at 10:01:10
        send(webToDb(T0.plusSeconds(70), "FORWARDED")); // closes window 10:00
        send(webToDb(T0.plusSeconds(59), "DROPPED"));   // late
        harness.endOfStream(T0.plusSeconds(80));

        Map<String, LinkWindow> windows = byKeyAndStart(harness.links.readKeyValuesToList());
        LinkWindow first = windows.get("node|node-1|node-2@" + T0);
        assertThat(first.getForwarded()).isEqualTo(1);
        assertThat(first.getDropped()).isEqualTo(1);
        LinkWindow second = windows.get("node|node-1|node-2@" + T0.plusSeconds(60));
        assertThat(second.getForwarded()).isEqualTo(2);
        assertThat(second.getDropped()).isZero();
        assertThat(harness.metrics.lateRecords().count()).isEqualTo(1.0);
        assertThat(harness.metrics.inputRecords().count()).isEqualTo(5.0);
    }

    @Test
    void theEndMarkerClosesEveryWindowAndLaterRecordsAreLate() {
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        send(worldToDb(T0.plusSeconds(125)));
        assertThat(harness.links.readKeyValuesToList()).hasSize(3);

        harness.endOfStream(T0.plusSeconds(126));
        List<KeyValue<String, LinkWindow>> last = harness.links.readKeyValuesToList();
        assertThat(last).extracting(kv -> kv.key).containsExactlyInAnyOrder(
                "workload|reserved:world|shop/db", "node|external|node-2", "subnet|external|lab-b");
        assertThat(last).allSatisfy(kv -> assertThat(kv.value.getWindowStart()).isEqualTo(T0.plusSeconds(120)));

        send(worldToDb(T0.plusSeconds(500)));
        harness.endOfStream(T0.plusSeconds(501));
        assertThat(harness.links.isEmpty()).isTrue();
        assertThat(harness.metrics.lateRecords().count()).isEqualTo(1.0);
        assertThat(harness.metrics.endMarkers().count()).isEqualTo(2.0);
    }

    @Test
    void nodesFromTheInventoryTopicNameLinks() {
        harness.close();
        harness = new TopologyHarness(TopologySettings.builder().build());
        harness.nodes.pipeInput("node-1", NODES.get(0), T0);
        harness.nodes.pipeInput("node-2", NODES.get(1), T0);
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        harness.endOfStream(T0.plusSeconds(2));
        assertThat(harness.links.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("workload|shop/web|shop/db", "node|node-1|node-2", "subnet|lab-a|lab-b");
    }

    @Test
    void anInvalidInventoryNodeIsRejectedAndChangesNothing() {
        harness.close();
        harness = new TopologyHarness(TopologySettings.builder().build());
        harness.nodes.pipeInput("node-1", NODES.get(0), T0);
        harness.nodes.pipeInput("node-2", Node.newBuilder(NODES.get(1)).setPodCidrs(List.of("10.244.2.0/33")).build(), T0);
        harness.nodes.pipeInput("node-2", NODES.get(1), T0);
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        harness.endOfStream(T0.plusSeconds(2));

        assertThat(harness.links.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("workload|shop/web|shop/db", "node|node-1|node-2", "subnet|lab-a|lab-b");
        // Kafka Streams 4.4 cannot produce dead letters from the global thread: the rejection is logged and counted
        assertThat(harness.metrics.deadLetters().count()).isEqualTo(1.0);
    }

    @Test
    void anUndecodableFlowGoesToTheDeadLetterTopicWithItsOrigin() {
        harness.rawFlows.pipeInput("node-1", new byte[] {7, 1, 2, 3}, T0);
        send(webToDb(T0.plusSeconds(1), "FORWARDED"));
        harness.endOfStream(T0.plusSeconds(2));

        var dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).containsExactly(7, 1, 2, 3);
        assertThat(new String(dead.get(0).headers().lastHeader(io.flowpulse.schemas.DeadLetters.ORIGIN_TOPIC).value()))
                .isEqualTo("hubble.flows.v1");
        assertThat(new String(dead.get(0).headers().lastHeader(io.flowpulse.schemas.DeadLetters.ORIGIN_OFFSET).value()))
                .isEqualTo("0");
        assertThat(new String(dead.get(0).headers().lastHeader(io.flowpulse.schemas.DeadLetters.REASON).value()))
                .contains("cannot deserialize");
        assertThat(harness.links.readKeyValuesToList()).hasSize(3);
        assertThat(harness.metrics.deadLetters().count()).isEqualTo(1.0);
    }

    @Test
    void aValuelessRecordThatIsNotTheEndMarkerGoesToTheDeadLetterTopic() {
        harness.flows.pipeInput("node-1", null, T0);
        var dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader(io.flowpulse.schemas.DeadLetters.REASON).value()))
                .contains("has no value");
        assertThat(new String(dead.get(0).key())).isEqualTo("node-1");
    }

    static List<String> keys(List<KeyValue<String, LinkWindow>> records) {
        return records.stream().map(kv -> kv.key).collect(Collectors.toList());
    }
}
