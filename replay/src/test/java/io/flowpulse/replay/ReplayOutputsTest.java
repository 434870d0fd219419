package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayOutputsTest {

    private static final Instant T0 = Instant.parse("2021-10-04T11:22:00Z");

    @Test
    void keepsOneRecordPerKeyAndWindowAndCountsTheCopies() {
        ReplayOutputs outputs = new ReplayOutputs();
        outputs.add(link("a", "b", T0, 5));
        outputs.add(link("a", "b", T0, 5));
        outputs.add(link("a", "b", T0.plusSeconds(60), 7));
        outputs.add(link("a", "c", T0, 1));

        assertThat(outputs.links()).hasSize(3);
        assertThat(outputs.duplicates()).isEqualTo(1);
    }

    @Test
    void keepsEveryStateChangeOfAnAlert() {
        ReplayOutputs outputs = new ReplayOutputs();
        outputs.add(alert("FIRING", T0));
        outputs.add(alert("RESOLVED", T0.plusSeconds(120)));
        outputs.add(alert("FIRING", T0.plusSeconds(300)));
        outputs.add(alert("FIRING", T0.plusSeconds(300)));

        assertThat(outputs.alerts()).hasSize(3);
        assertThat(outputs.duplicates()).isEqualTo(1);
    }

    @Test
    void sortsRecordsIntoTheirLists() {
        ReplayOutputs outputs = new ReplayOutputs();
        outputs.add(DnsWindow.newBuilder().setClient("x/web").setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                .setQueries(1).setResponses(0).setRcodes(Map.of()).setLatencyMs(null).setDistinctNames(1)
                .setTopNxdomain(List.of()).setSuspiciousNames(List.of()).build());

        assertThat(outputs.dns()).hasSize(1);
        assertThat(outputs.links()).isEmpty();
        assertThat(outputs.latency()).isEmpty();
    }

    @Test
    void refusesWhatIsNoResultRecord() {
        assertThatThrownBy(() -> new ReplayOutputs().add("text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> new ReplayOutputs().add(null)).hasMessageContaining("null");
    }

    private static LinkWindow link(String src, String dst, Instant start, long forwarded) {
        return LinkWindow.newBuilder().setLevel("node").setSrc(src).setDst(dst).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setForwarded(forwarded).setDropped(0).setOther(0).setDropRate(0)
                .setDropReasons(Map.of()).build();
    }

    private static Alert alert(String state, Instant start) {
        return Alert.newBuilder().setId("LINK_DROP_RATE:node:a->b").setKind("LINK_DROP_RATE").setSeverity("WARNING")
                .setSubject("node:a->b").setState(state).setWindowStart(start).setWindowEnd(start.plusSeconds(60))
                .setValue(0.1).setThreshold(0.05).setMessage("m").build();
    }
}
