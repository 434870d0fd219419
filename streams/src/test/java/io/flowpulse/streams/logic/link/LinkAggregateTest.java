package io.flowpulse.streams.logic.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.codec.CorruptStateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkAggregateTest {

    private static final LinkObservation FORWARD = new LinkObservation(VerdictClass.FORWARDED, null);
    private static final LinkObservation OTHER = new LinkObservation(VerdictClass.OTHER, null);

    private static LinkObservation drop(String reason) {
        return new LinkObservation(VerdictClass.DROPPED, reason);
    }

    @Test
    void countsAndDropRate() {
        LinkAggregate aggregate = new LinkAggregate();
        for (int i = 0; i < 15; i++) {
            aggregate.add(FORWARD);
        }
        aggregate.add(drop("POLICY_DENIED")).add(drop("POLICY_DENIED")).add(drop("CT_MAP_INSERTION_FAILED"))
                .add(drop("UNKNOWN")).add(drop("POLICY_DENIED")).add(OTHER).add(OTHER);
        TimeWindow window = TimeWindow.containing(Instant.parse("2024-05-01T10:00:42.123456Z"), Duration.ofSeconds(60));
        LinkWindow record = aggregate.toWindow(new LinkKey(LinkLevel.NODE, "node-1", "node-2"), window);
        assertThat(record.getLevel()).isEqualTo("node");
        assertThat(record.getSrc()).isEqualTo("node-1");
        assertThat(record.getDst()).isEqualTo("node-2");
        assertThat(record.getWindowStart()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(record.getWindowEnd()).isEqualTo(Instant.parse("2024-05-01T10:01:00Z"));
        assertThat(record.getForwarded()).isEqualTo(15);
        assertThat(record.getDropped()).isEqualTo(5);
        assertThat(record.getOther()).isEqualTo(2);
        assertThat(record.getDropRate()).isEqualTo(0.25); // 5 / (15 + 5); other does not count
        assertThat(record.getDropReasons()).isEqualTo(Map.of("POLICY_DENIED", 3L, "CT_MAP_INSERTION_FAILED", 1L, "UNKNOWN", 1L));
    }

    @Test
    void dropRateIsZeroWithoutForwardedOrDropped() {
        assertThat(new LinkAggregate().add(OTHER).dropRate()).isZero();
        assertThat(new LinkAggregate().dropRate()).isZero();
    }

    @Test
    void mergeAddsEverything() {
        LinkAggregate a = new LinkAggregate().add(FORWARD).add(drop("A")).add(OTHER);
        LinkAggregate b = new LinkAggregate().add(FORWARD).add(drop("A")).add(drop("B"));
        LinkAggregate whole = new LinkAggregate().add(FORWARD).add(drop("A")).add(OTHER)
                .add(FORWARD).add(drop("A")).add(drop("B"));
        assertThat(a.merge(b)).isEqualTo(whole);
        assertThat(whole.dropReasons()).isEqualTo(Map.of("A", 2L, "B", 1L));
    }

    @Test
    void serializationRoundTrips() {
        LinkAggregate aggregate = new LinkAggregate().add(FORWARD).add(drop("POLICY_DENIED")).add(drop("CODE_250")).add(OTHER);
        assertThat(LinkAggregate.CODEC.decode(LinkAggregate.CODEC.encode(aggregate))).isEqualTo(aggregate);
        assertThat(LinkAggregate.fromBytes(new LinkAggregate().toBytes())).isEqualTo(new LinkAggregate());
        assertThatThrownBy(() -> LinkAggregate.fromBytes(new byte[] {1, 5})).isInstanceOf(CorruptStateException.class);
    }

    @Test
    void linkKeysRoundTrip() {
        LinkKey key = new LinkKey(LinkLevel.WORKLOAD, "shop/web", "reserved:world");
        assertThat(LinkKey.parse(key.asString())).isEqualTo(key);
        assertThatThrownBy(() -> LinkKey.parse("node|a")).hasMessageContaining("node|a");
        assertThatThrownBy(() -> LinkKey.parse("zone|a|b")).hasMessageContaining("zone");
    }
}
