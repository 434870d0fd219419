package io.flowpulse.replay.analytics;

import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.hubble.HubbleJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Flows of a recorded Hubble capture (schemas test jar, hubble-otel/), mapped the way ingest maps them. */
public final class RecordedCaptureFlows {

    private RecordedCaptureFlows() {
    }

    public static List<Flow> read(String file) throws IOException {
        InputStream in = RecordedCaptureFlows.class.getResourceAsStream("/hubble-otel/" + file);
        if (in == null) {
            throw new IllegalStateException("hubble-otel/" + file + " is not on the test classpath (schemas test jar)");
        }
        FlowMapper mapper = new FlowMapper();
        List<Flow> flows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                MappedEvent event = mapper.map(HubbleJson.parseLine(line));
                if (event instanceof MappedEvent.OfFlow ofFlow) {
                    flows.add(ofFlow.flow());
                }
            }
        }
        return flows;
    }
}
