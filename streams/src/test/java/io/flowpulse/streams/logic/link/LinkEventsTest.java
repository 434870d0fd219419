package io.flowpulse.streams.logic.link;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static io.flowpulse.streams.logic.TestFlows.deployment;
import static io.flowpulse.streams.logic.TestFlows.flow;
import static io.flowpulse.streams.logic.TestFlows.world;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.NodeInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkEventsTest {

    private final EndpointNamer namer = new EndpointNamer(NodeInventory.of(List.of(
            Node.newBuilder().setName("node-1").setSubnet("lab-a").setPodCidrs(List.of("10.244.1.0/24")).build(),
            Node.newBuilder().setName("node-2").setSubnet("lab-b").setPodCidrs(List.of("10.244.2.0/24")).build())));

    private Flow.Builder webToDb() {
        return flow(T0, "node-1")
                .setSourceIp("10.244.1.10").setDestinationIp("10.244.2.20")
                .setSource(deployment(77, "shop", "web", "web-5d8c7f9b6d-q2w3e"))
                .setDestination(deployment(0, "shop", "db", "db-0"));
    }

    @Test
    void oneEventPerLevelInTheFlowsOwnDirection() {
        List<LinkEvent> events = LinkEvents.of(webToDb().build(), namer);
        LinkObservation forwarded = new LinkObservation(VerdictClass.FORWARDED, null);
        assertThat(events).containsExactly(
                new LinkEvent(new LinkKey(LinkLevel.WORKLOAD, "shop/web", "shop/db"), forwarded),
                new LinkEvent(new LinkKey(LinkLevel.NODE, "node-1", "node-2"), forwarded),
                new LinkEvent(new LinkKey(LinkLevel.SUBNET, "lab-a", "lab-b"), forwarded));
        assertThat(events.get(2).key().asString()).isEqualTo("subnet|lab-a|lab-b");
    }

    @Test
    void replyIsItsOwnDirection() {
        Flow reply = flow(T0, "node-1").setIsReply(true)
                .setSourceIp("10.244.2.20").setDestinationIp("10.244.1.10")
                .setSource(deployment(0, "shop", "db", "db-0"))
                .setDestination(deployment(77, "shop", "web", "web-5d8c7f9b6d-q2w3e")).build();
        assertThat(LinkEvents.of(reply, namer)).extracting(e -> e.key().asString())
                .containsExactly("workload|shop/db|shop/web", "node|node-2|node-1", "subnet|lab-b|lab-a");
    }

    @Test
    void onlyL3L4AndUntypedFlowsAreLinkEvents() {
        assertThat(LinkEvents.of(webToDb().setFlowType("UNKNOWN_TYPE").build(), namer)).hasSize(3);
        assertThat(LinkEvents.of(webToDb().setFlowType("").build(), namer)).hasSize(3);
        assertThat(LinkEvents.of(webToDb().setFlowType("L7").build(), namer)).isEmpty();
        assertThat(LinkEvents.of(webToDb().setFlowType("SOCK").build(), namer)).isEmpty();
    }

    @Test
    void dropsCarryTheirReason() {
        Flow dropped = webToDb().setVerdict("DROPPED").setDropReasonDesc("POLICY_DENIED").build();
        assertThat(LinkEvents.of(dropped, namer)).allSatisfy(e ->
                assertThat(e.observation()).isEqualTo(new LinkObservation(VerdictClass.DROPPED, "POLICY_DENIED")));
    }

    @Test
    void worldDestinationIsExternalAtNodeAndSubnetLevel() {
        Flow out = webToDb().setDestinationIp("1.1.1.1").setDestination(world()).build();
        assertThat(LinkEvents.of(out, namer)).extracting(e -> e.key().asString())
                .containsExactly("workload|shop/web|reserved:world", "node|node-1|external", "subnet|lab-a|external");
    }

    @Test
    void verdictClasses() {
        assertThat(VerdictClass.of("FORWARDED")).isEqualTo(VerdictClass.FORWARDED);
        assertThat(VerdictClass.of("REDIRECTED")).isEqualTo(VerdictClass.FORWARDED);
        assertThat(VerdictClass.of("DROPPED")).isEqualTo(VerdictClass.DROPPED);
        for (String other : new String[] {"ERROR", "AUDIT", "TRACED", "TRANSLATED", "VERDICT_UNKNOWN", "SOMETHING_NEW"}) {
            assertThat(VerdictClass.of(other)).isEqualTo(VerdictClass.OTHER);
        }
    }

    @Test
    void dropReasonNames() {
        assertThat(DropReasons.nameOf(webToDb().setDropReasonDesc("CT_MAP_INSERTION_FAILED").setDropReason(133).build()))
                .isEqualTo("CT_MAP_INSERTION_FAILED");
        assertThat(DropReasons.nameOf(webToDb().setDropReason(133).build())).isEqualTo("POLICY_DENIED");
        assertThat(DropReasons.nameOf(webToDb().setDropReason(181).build())).isEqualTo("POLICY_DENY");
        assertThat(DropReasons.nameOf(webToDb().setDropReason(250).build())).isEqualTo("CODE_250");
        assertThat(DropReasons.nameOf(webToDb().build())).isEqualTo("UNKNOWN");
        assertThat(DropReasons.nameOf(webToDb().setDropReason(0).build())).isEqualTo("UNKNOWN");
        assertThat(DropReasons.nameOf(webToDb().setDropReasonDesc("DROP_REASON_UNKNOWN").build())).isEqualTo("UNKNOWN");
    }
}
