package io.flowpulse.sink.table;

import static io.flowpulse.sink.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.LostEvents;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.sink.Hex;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableMappingsTest {

    // 1700000000 = 0x6553F100, +60 = 0x6553F13C
    static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    static final Instant END = START.plusSeconds(60);

    private static <T> String row(TableMapping<T> mapping, T record, long version) {
        RowBinaryWriter w = new RowBinaryWriter();
        mapping.writeRow(record, version, w);
        return Hex.of(w.toByteArray());
    }

    private static String hex(String spaced) {
        return Hex.of(bytes(spaced));
    }

    @Test
    void linkWindowRow() {
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("POLICY_DENIED", 1L);
        reasons.put("CT_NO_MAP", 2L); // sorted by name in the row: CT_NO_MAP first
        LinkWindow w = LinkWindow.newBuilder().setLevel("node").setSrc("a").setDst("b")
                .setWindowStart(START).setWindowEnd(END).setForwarded(3).setDropped(3).setOther(0)
                .setDropRate(0.5).setDropReasons(reasons).build();
        String expected = hex("""
                04 6e 6f 64 65      01 61   01 62
                00 f1 53 65         3c f1 53 65
                03 00 00 00 00 00 00 00
                03 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00
                00 00 00 00 00 00 e0 3f
                02 09 43 54 5f 4e 4f 5f 4d 41 50   0d 50 4f 4c 49 43 59 5f 44 45 4e 49 45 44
                02 02 00 00 00 00 00 00 00   01 00 00 00 00 00 00 00
                07 00 00 00 00 00 00 00""");
        assertThat(row(new LinkWindowTable(), w, 7)).isEqualTo(expected);
    }

    @Test
    void dnsWindowRowWithoutLatency() {
        DnsWindow d = DnsWindow.newBuilder().setClient("ns/web").setWindowStart(START).setWindowEnd(END)
                .setQueries(2).setResponses(1).setRcodes(Map.of("NXDOMAIN", 1L)).setLatencyMs(null)
                .setDistinctNames(1).setTopNxdomain(List.of(new NameCount("x.", 1L)))
                .setSuspiciousNames(List.of()).build();
        String expected = hex("""
                06 6e 73 2f 77 65 62
                00 f1 53 65   3c f1 53 65
                02 00 00 00 00 00 00 00
                01 00 00 00 00 00 00 00
                01 08 4e 58 44 4f 4d 41 49 4e   01 01 00 00 00 00 00 00 00
                01 01 01 01
                01 00 00 00 00 00 00 00
                01 02 78 2e   01 01 00 00 00 00 00 00 00
                00
                01 00 00 00 00 00 00 00""");
        assertThat(row(new DnsWindowTable(), d, 1)).isEqualTo(expected);
    }

    @Test
    void dnsWindowRowWithLatency() {
        DnsWindow d = DnsWindow.newBuilder().setClient("c").setWindowStart(START).setWindowEnd(END)
                .setQueries(0).setResponses(0).setRcodes(Map.of()).setLatencyMs(new DnsLatency(1.0, 0.25, 0.5, -2.5))
                .setDistinctNames(0).setTopNxdomain(List.of()).setSuspiciousNames(List.of("ab")).build();
        String expected = hex("""
                01 63
                00 f1 53 65   3c f1 53 65
                00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00
                00 00
                00 00 00 00 00 00 00 f0 3f
                00 00 00 00 00 00 00 d0 3f
                00 00 00 00 00 00 00 e0 3f
                00 00 00 00 00 00 00 04 c0
                00 00 00 00 00 00 00 00
                00 00
                01 02 61 62
                02 00 00 00 00 00 00 00""");
        assertThat(row(new DnsWindowTable(), d, 2)).isEqualTo(expected);
    }

    @Test
    void latencyWindowRow() {
        LatencyWindow l = LatencyWindow.newBuilder().setLevel("subnet").setKind("dns").setSrc("a").setDst("b")
                .setWindowStart(START).setWindowEnd(END).setSamples(1).setMinMs(1.0).setP50Ms(1.0).setP90Ms(1.0)
                .setP99Ms(1.0).setMaxMs(1.0).setMeanMs(1.0).setStddevMs(0.0).setJitterMs(0.0).setExact(true).build();
        String one = "00 00 00 00 00 00 f0 3f ";
        String zero = "00 00 00 00 00 00 00 00 ";
        String expected = hex("06 73 75 62 6e 65 74  03 64 6e 73  01 61  01 62  00 f1 53 65  3c f1 53 65 "
                + "01 00 00 00 00 00 00 00 " + one.repeat(6) + zero + zero + "01  05 00 00 00 00 00 00 00");
        assertThat(row(new LatencyWindowTable(), l, 5)).isEqualTo(expected);
    }

    @Test
    void alertRow() {
        Alert a = Alert.newBuilder().setId("K:s").setKind("K").setSeverity("W").setSubject("s").setState("FIRING")
                .setWindowStart(START).setWindowEnd(END).setValue(0.5).setThreshold(0.25).setMessage("m").build();
        String expected = hex("03 4b 3a 73  01 4b  01 57  01 73  06 46 49 52 49 4e 47  00 f1 53 65  3c f1 53 65 "
                + "00 00 00 00 00 00 e0 3f  00 00 00 00 00 00 d0 3f  01 6d  09 00 00 00 00 00 00 00");
        assertThat(row(new AlertTable(), a, 9)).isEqualTo(expected);
    }

    @Test
    void lostEventsRowKeepsMicroseconds() {
        LostEvents e = LostEvents.newBuilder().setTime(START.plusNanos(123_000)).setNodeName("c/n1").setNode("n1")
                .setSource("PERF_EVENT_RING_BUFFER").setNumEventsLost(4).setCpu(null).setFirst(null).setLast(null).build();
        // time_us = 1700000000000123 = 0x00060A24181E407B
        String expected = hex("00 f1 53 65  7b 40 1e 18 24 0a 06 00  02 6e 31  04 63 2f 6e 31 "
                + "16 50 45 52 46 5f 45 56 45 4e 54 5f 52 49 4e 47 5f 42 55 46 46 45 52 "
                + "04 00 00 00 00 00 00 00  01  01  01  00 00 00 00 00 00 00 00");
        assertThat(row(new LostEventsTable(), e, 0)).isEqualTo(expected);
    }

    @Test
    void refusesCountsThatAreNegativeAndTimesBeyondDateTime() {
        LinkWindow negative = LinkWindow.newBuilder().setLevel("node").setSrc("a").setDst("b").setWindowStart(START)
                .setWindowEnd(END).setForwarded(-1).setDropped(0).setOther(0).setDropRate(0).build();
        assertThatThrownBy(() -> row(new LinkWindowTable(), negative, 1))
                .isInstanceOf(InvalidRowException.class).hasMessageContaining("forwarded is -1");
        LinkWindow future = LinkWindow.newBuilder(negative).setForwarded(1)
                .setWindowStart(Instant.parse("2200-01-01T00:00:00Z")).build();
        assertThatThrownBy(() -> row(new LinkWindowTable(), future, 1))
                .isInstanceOf(InvalidRowException.class).hasMessageContaining("window_start");
    }

    @Test
    void everyMappingEndsWithTheVersionColumn() {
        for (TableMapping<?> m : List.<TableMapping<?>>of(new LinkWindowTable(), new DnsWindowTable(),
                new LatencyWindowTable(), new AlertTable(), new FlowTable(), new LostEventsTable())) {
            assertThat(m.columns()).last().isEqualTo(TableMapping.VERSION_COLUMN);
            assertThat(m.columns()).doesNotHaveDuplicates().contains(m.timeColumn());
        }
    }
}
