package io.flowpulse.cli.demo;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.time.Instant;
import java.util.List;

/**
 * What the demo's screen shows at one moment: counters of every stage and the newest closed
 * window of each key, as read back from the output topics.
 *
 * @param elapsedSeconds   wall time since the pipeline started
 * @param stages           one line per stage, in pipeline order
 * @param links            newest window per link (all levels)
 * @param dns              newest window per DNS client
 * @param latency          newest window per (level, kind, src, dst)
 * @param alerts           every alert state change, oldest first
 * @param latestWindowEnd  end of the newest closed window seen, or null
 * @param dataLocations    where the data is (ClickHouse URL, topics), one line each
 */
public record DemoSnapshot(double elapsedSeconds, List<Stage> stages, List<LinkWindow> links, List<DnsWindow> dns,
                           List<LatencyWindow> latency, List<Alert> alerts, Instant latestWindowEnd,
                           List<String> dataLocations) {

    /** A stage of the pipeline: how many records it handled in total and per second lately. */
    public record Stage(String name, long total, double perSecond, String detail) {
    }
}
