package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.ingest.capture.CaptureCursor;
import io.flowpulse.ingest.capture.CaptureItem;
import io.flowpulse.ingest.capture.CaptureReader;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.protowire.FlowViewMapper;
import io.flowpulse.schemas.hubble.RecordedCaptures;
import io.flowpulse.simulator.testing.SimulatedCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay maps flows from the line parser's protobuf bytes where it can: item for item, its records must be
 * those of FlowMapper's route, on recorded captures, a simulated capture with every fault, and lines that
 * must take FlowMapper's route.
 */
class CaptureRecordTest {

    @TempDir
    Path dir;

    @Test
    void recordsMappedFromProtobufBytesAreThoseOfFlowMapper() throws Exception {
        List<String> lines = new ArrayList<>(RecordedCaptures.allLines());
        lines.addAll(SimulatedCaptures.lines(7, Duration.ofMinutes(20), 0.05));
        lines.add("{\"flow\":{\"time\":\"1999-12-31T23:59:59Z\",\"node_name\":\"k8s-a\"}}");
        lines.add("{\"flow\":{\"time\":\"2024-05-01T10:00:00Z\"}}");
        lines.add("{\"flow\":{\"time\":\"2024-05-01T12:00:00+02:00\",\"node_name\":\"k8s-a\"}}");
        lines.add("{\"flow\":");
        Path capture = Files.write(dir.resolve("capture.json"), lines);

        FlowMapper mapper = new FlowMapper(EventTimeBounds.DEFAULTS);
        FlowViewMapper fromProtobuf = new FlowViewMapper(EventTimeBounds.DEFAULTS);
        Map<String, Integer> seen = new TreeMap<>();
        try (CaptureCursor items = new CaptureReader().open(List.of(capture))) {
            while (items.hasNext()) {
                CaptureItem item = items.next();
                CaptureRecord reference = CaptureRecord.of(item, mapper);
                CaptureRecord record = CaptureRecord.of(item, mapper, fromProtobuf);
                if (record instanceof CaptureRecord.Keyed) {
                    assertThat(record).as("line %d", item.lineNumber()).isEqualTo(reference);
                } else {
                    assertThat(record).as("line %d", item.lineNumber()).usingRecursiveComparison().isEqualTo(reference);
                }
                seen.merge(describe(record), 1, Integer::sum);
                if (item instanceof CaptureItem.Event event && event.protobuf() != null
                        && fromProtobuf.map(event.protobuf()) != null) {
                    seen.merge("of them from protobuf bytes", 1, Integer::sum);
                }
            }
        }
        assertThat(seen.keySet()).containsExactly("flow", "invalid line", "lost events", "of them from protobuf bytes",
                "unmappable event");
        assertThat(seen.get("flow")).isGreaterThan(20_000);
        assertThat(seen.get("of them from protobuf bytes")).as("all flows but the one with a UTC offset")
                .isEqualTo(seen.get("flow") - 1);
        assertThat(seen.get("unmappable event")).isEqualTo(2);
    }

    private static String describe(CaptureRecord record) {
        if (record instanceof CaptureRecord.Keyed keyed) {
            return keyed.isFlow() ? "flow" : "lost events";
        }
        if (record instanceof CaptureRecord.Rejected rejected) {
            return rejected.unmappable() ? "unmappable event" : "invalid line";
        }
        return record.getClass().getSimpleName();
    }
}
