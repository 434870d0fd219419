package io.flowpulse.sink.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    static Flow flow(String uuid, int sourcePort) {
        Endpoint src = Endpoint.newBuilder().setId(1).setIdentity(42).setNamespace("shop").setPodName("web-1")
                .setLabels(List.of("k8s:app=web")).build();
        Endpoint dst = Endpoint.newBuilder().setIdentity(2).setLabels(List.of("reserved:world")).build();
        return Flow.newBuilder().setTime(Instant.ofEpochSecond(1_700_000_000L, 5_000)).setUuid(uuid)
                .setNodeName("kind/node-1").setNode("node-1").setVerdict("FORWARDED").setFlowType("L3_L4")
                .setSourceIp("10.0.0.1").setDestinationIp("1.1.1.1").setProtocol("TCP").setSourcePort(sourcePort)
                .setDestinationPort(443).setTcpFlags(List.of("SYN")).setSource(src).setDestination(dst).build();
    }

    @Test
    void rowStartsWithTimeMicrosAndIdentity() {
        RowBinaryWriter w = new RowBinaryWriter();
        new FlowTable().writeRow(flow("u-1", 1234), 3, w);
        byte[] b = w.toByteArray();
        // time DateTime: 1700000000 = 0x6553F100
        assertThat(b[0]).isEqualTo((byte) 0x00);
        assertThat(b[3]).isEqualTo((byte) 0x65);
        // time_us = 1700000000000005 = 0x00060A24181E4005, little-endian
        assertThat(b[4]).isEqualTo((byte) 0x05);
        assertThat(b[5]).isEqualTo((byte) 0x40);
        assertThat(b[11]).isEqualTo((byte) 0x00);
        // flow_id "u-1"
        assertThat(b[12]).isEqualTo((byte) 3);
        assertThat(new String(b, 13, 3)).isEqualTo("u-1");
        // last 8 bytes: the version
        assertThat(b[b.length - 8]).isEqualTo((byte) 3);
    }

    @Test
    void flowsWithoutUuidGetAStableFingerprint() {
        String a = FlowIds.flowId(flow(null, 1234));
        assertThat(a).startsWith("h").hasSize(17);
        assertThat(FlowIds.flowId(flow(null, 1234))).isEqualTo(a);
        assertThat(FlowIds.flowId(flow(null, 1235))).isNotEqualTo(a);
        assertThat(FlowIds.flowId(flow("abc", 1234))).isEqualTo("abc");
    }

    @Test
    void sampleFractionsSpreadEvenly() {
        int kept = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (FlowIds.sampleFraction("flow-" + i) < 0.1) {
                kept++;
            }
        }
        assertThat(kept / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(FlowIds.sampleFraction("x")).isEqualTo(FlowIds.sampleFraction("x"));
    }
}
