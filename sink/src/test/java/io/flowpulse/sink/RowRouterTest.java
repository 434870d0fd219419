package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.sink.table.FlowIds;
import io.flowpulse.sink.table.InvalidRowException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowRouterTest {

    static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

    static LinkWindow link(String src, long forwarded) {
        return LinkWindow.newBuilder().setLevel("node").setSrc(src).setDst("b").setWindowStart(START)
                .setWindowEnd(START.plusSeconds(60)).setForwarded(forwarded).setDropped(0).setOther(0).setDropRate(0).build();
    }

    static Flow flow(String uuid) {
        Endpoint e = Endpoint.newBuilder().build();
        return Flow.newBuilder().setTime(START).setUuid(uuid).setNodeName("n").setNode("n").setVerdict("FORWARDED")
                .setSource(e).setDestination(e).build();
    }

    @Test
    void routesByTypeAndKeepsRowsAndSourcesTogether() {
        RowRouter<String> router = new RowRouter<>(false, 1.0);
        assertThat(router.route(link("a", 1), 1, "offset-0")).isEqualTo(RowRouter.Outcome.BUFFERED);
        assertThat(router.route(link("b", 2), 1, "offset-1")).isEqualTo(RowRouter.Outcome.BUFFERED);
        Alert alert = Alert.newBuilder().setId("i").setKind("k").setSeverity("s").setSubject("s").setState("FIRING")
                .setWindowStart(START).setWindowEnd(START).setValue(1).setThreshold(1).setMessage("").build();
        router.route(alert, 1, "offset-2");
        assertThat(router.bufferedRows()).isEqualTo(3);
        List<TableBatch<?, String>> batches = router.nonEmptyBatches();
        assertThat(batches).extracting(b -> b.mapping().table()).containsExactly("link_windows", "alerts");
        TableBatch<?, String> links = batches.get(0);
        assertThat(links.rows()).isEqualTo(2);
        assertThat(links.source(1)).isEqualTo("offset-1");
        // row 1 starts where row 0 ends
        assertThat(links.byteStart(1)).isEqualTo(links.byteEnd(1)).isGreaterThan(0);
        assertThat(links.byteEnd(2)).isEqualTo(links.bytes());
    }

    @Test
    void anInvalidRecordLeavesTheBatchUnchanged() {
        RowRouter<String> router = new RowRouter<>(false, 1.0);
        router.route(link("a", 1), 1, "ok");
        int bytes = router.nonEmptyBatches().get(0).bytes();
        assertThatThrownBy(() -> router.route(link("bad", -5), 1, "bad")).isInstanceOf(InvalidRowException.class);
        assertThat(router.bufferedRows()).isEqualTo(1);
        assertThat(router.nonEmptyBatches().get(0).bytes()).isEqualTo(bytes);
        assertThatThrownBy(() -> router.route("a string", 1, "x"))
                .isInstanceOf(InvalidRowException.class).hasMessageContaining("java.lang.String");
    }

    @Test
    void rawFlowsAreSkippedWhenOffAndSampledWhenOn() {
        RowRouter<String> off = new RowRouter<>(false, 1.0);
        assertThat(off.route(flow("u"), 1, "x")).isEqualTo(RowRouter.Outcome.SKIPPED_RAW_FLOWS_OFF);
        RowRouter<String> half = new RowRouter<>(true, 0.5);
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            String id = "uuid-" + i;
            RowRouter.Outcome o = half.route(flow(id), 1, id);
            boolean expectedKeep = FlowIds.sampleFraction(id) < 0.5;
            assertThat(o).isEqualTo(expectedKeep ? RowRouter.Outcome.BUFFERED : RowRouter.Outcome.SKIPPED_SAMPLED_OUT);
            kept += expectedKeep ? 1 : 0;
        }
        assertThat(half.bufferedRows()).isEqualTo(kept).isBetween(400, 600);
        assertThatThrownBy(() -> new RowRouter<String>(true, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
