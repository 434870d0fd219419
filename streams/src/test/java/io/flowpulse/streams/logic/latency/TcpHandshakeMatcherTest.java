package io.flowpulse.streams.logic.latency;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static io.flowpulse.streams.logic.TestFlows.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.EpochMicros;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.NodeInventory;
import io.flowpulse.streams.logic.state.InMemoryKeyValueState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpHandshakeMatcherTest {

    private static final String CLIENT = "10.244.1.10";
    private static final String SERVER = "10.244.2.20";
    private static final Endpoint LOCAL = Endpoint.newBuilder().setId(42).setNamespace("shop").setPodName("web-abcde").build();
    private static final Endpoint REMOTE = Endpoint.newBuilder().setNamespace("shop").setPodName("db-0").build();

    private final EndpointNamer namer = new EndpointNamer(NodeInventory.of(List.of(
            Node.newBuilder().setName("node-1").setSubnet("lab-a").setPodCidrs(List.of("10.244.1.0/24")).build(),
            Node.newBuilder().setName("node-2").setSubnet("lab-b").setPodCidrs(List.of("10.244.2.0/24")).build())));
    private InMemoryKeyValueState<PendingSyn> store;
    private TcpHandshakeMatcher matcher;

    @BeforeEach
    void setUp() {
        store = new InMemoryKeyValueState<>();
        matcher = new TcpHandshakeMatcher(store);
    }

    private static Flow.Builder syn(Instant t, String node) {
        return tcp(t, node, CLIENT, 40000, SERVER, 80, "SYN").setSource(LOCAL).setDestination(REMOTE).setIsReply(false);
    }

    private static Flow.Builder synAck(Instant t, String node) {
        return tcp(t, node, SERVER, 80, CLIENT, 40000, "SYN", "ACK").setSource(REMOTE).setDestination(LOCAL).setIsReply(true);
    }

    private Optional<LatencySample> feed(Flow.Builder flow) {
        return matcher.onFlow(flow.build(), namer);
    }

    private static long micros(Instant t) {
        return EpochMicros.of(t);
    }

    @Test
    void pairsSynWithSynAckAtTheSameNode() {
        Instant synTime = T0.plusMillis(100);
        assertThat(feed(syn(synTime, "node-1"))).isEmpty();
        Optional<LatencySample> sample = feed(synAck(synTime.plusNanos(2_345_000), "node-1"));
        assertThat(sample).contains(new LatencySample(LatencyKind.TCP_HANDSHAKE, "node-1", "lab-a", "node-2", "lab-b",
                micros(synTime), 2_345_000));
        assertThat(store.size()).isZero();
        // a second SYN-ACK (another observation point, or a retransmission) finds nothing open
        assertThat(feed(synAck(synTime.plusMillis(4), "node-1"))).isEmpty();
    }

    @Test
    void retransmittedSynKeepsTheFirstSynTime() {
        feed(syn(T0, "node-1"));
        feed(syn(T0.plusSeconds(1), "node-1"));
        // 1 s retransmission timeout + 2.5 ms round trip: the client waited 1.0025 s
        assertThat(feed(synAck(T0.plusMillis(1_002).plusNanos(500_000), "node-1")))
                .map(LatencySample::valueNanos).contains(1_002_500_000L);
    }

    @Test
    void laterSynAfterACompletedPairStartsANewHandshake() {
        feed(syn(T0, "node-1"));
        assertThat(feed(synAck(T0.plusMillis(3), "node-1"))).map(LatencySample::valueNanos).contains(3_000_000L);
        feed(syn(T0.plusSeconds(5), "node-1"));
        assertThat(feed(synAck(T0.plusSeconds(5).plusNanos(3_500_000), "node-1")))
                .map(LatencySample::valueNanos).contains(3_500_000L);
    }

    @Test
    void droppedEventsNeverPair() {
        assertThat(feed(syn(T0, "node-1").setVerdict("DROPPED"))).isEmpty();
        assertThat(store.size()).isZero();
        feed(syn(T0.plusMillis(1), "node-1"));
        assertThat(feed(synAck(T0.plusMillis(2), "node-1").setVerdict("DROPPED"))).isEmpty();
        assertThat(feed(synAck(T0.plusMillis(6), "node-1"))).map(LatencySample::valueNanos).contains(5_000_000L);
    }

    @Test
    void onlyLocalNonReplySynsOpenAHandshake() {
        feed(syn(T0, "node-1").setSource(REMOTE));
        feed(syn(T0, "node-1").setIsReply(true));
        feed(syn(T0, "node-1").setTcpFlags(List.of("ACK")));
        feed(syn(T0, "node-1").setTcpFlags(List.of()));
        assertThat(store.size()).isZero();
        // is_reply unknown (null) is not true: it opens
        feed(syn(T0, "node-1").setIsReply(null));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void synAckMustBeAtTheSameNodeAndForTheReversedTuple() {
        feed(syn(T0, "node-1"));
        assertThat(feed(synAck(T0.plusMillis(1), "node-2"))).isEmpty();
        assertThat(feed(synAck(T0.plusMillis(1), "node-1").setSourcePort(81))).isEmpty();
        assertThat(feed(synAck(T0.plusMillis(1), "node-1").setProtocol("UDP"))).isEmpty();
        assertThat(feed(synAck(T0.plusMillis(2), "node-1"))).isPresent();
    }

    @Test
    void tenSecondsIsTheLimitInclusive() {
        feed(syn(T0, "node-1"));
        assertThat(feed(synAck(T0.plusSeconds(10), "node-1"))).map(LatencySample::valueNanos).contains(10_000_000_000L);
        feed(syn(T0.plusSeconds(20), "node-1"));
        assertThat(feed(synAck(T0.plusSeconds(30).plusNanos(1_000), "node-1"))).isEmpty();
        assertThat(store.size()).isZero(); // the late SYN-ACK discarded the handshake
    }

    @Test
    void synOlderThanTheTimeoutIsReplacedByANewOne() {
        feed(syn(T0, "node-1"));
        feed(syn(T0.plusSeconds(11), "node-1"));
        assertThat(feed(synAck(T0.plusSeconds(11).plusMillis(2), "node-1"))).map(LatencySample::timeMicros)
                .contains(micros(T0.plusSeconds(11)));
    }

    @Test
    void sampleBelongsToTheSynsTime() {
        Instant synTime = T0.plusMillis(59_999);
        feed(syn(synTime, "node-1"));
        LatencySample sample = feed(synAck(T0.plusMillis(60_002), "node-1")).orElseThrow();
        assertThat(sample.time()).isEqualTo(synTime);
        assertThat(sample.valueNanos()).isEqualTo(3_000_000L);
    }

    @Test
    void synAckBeforeTheSynIsIgnored() {
        feed(syn(T0.plusSeconds(1), "node-1"));
        assertThat(feed(synAck(T0, "node-1"))).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void expiryRemovesUnansweredSyns() {
        feed(syn(T0, "node-1"));
        feed(syn(T0.plusSeconds(8), "node-1").setSourcePort(40001));
        assertThat(matcher.expireBefore(micros(T0.plusSeconds(15)))).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void ipv6HandshakesPairToo() {
        Flow.Builder v6Syn = tcp(T0, "node-1", "fd00:244:1::10", 40000, "fd00:244:2::20", 443, "SYN")
                .setSource(LOCAL).setDestination(REMOTE);
        Flow.Builder v6SynAck = tcp(T0.plusNanos(750_000), "node-1", "fd00:244:2::20", 443, "fd00:244:1::10", 40000, "SYN", "ACK");
        feed(v6Syn);
        assertThat(feed(v6SynAck)).map(LatencySample::valueNanos).contains(750_000L);
    }

    @Test
    void pendingSynsSurviveTheirCodec() {
        PendingSyn syn = new PendingSyn(micros(T0), "node-1", "lab-a", "external", "external");
        assertThat(PendingSyn.CODEC.decode(PendingSyn.CODEC.encode(syn))).isEqualTo(syn);
    }
}
