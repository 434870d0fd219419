package io.flowpulse.cli;

import io.flowpulse.ingest.CaptureSource;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.capture.CaptureCounters;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.runtime.service.ServiceRunner;
import java.nio.file.Path;
import java.util.List;

/** {@code flowpulse ingest --file ...}: the ingest service over capture files, once, with a summary. */
final class CaptureIngestRun {

    private CaptureIngestRun() {
    }

    static int run(IngestSettings settings, List<Path> files, NodeSource nodes) {
        CaptureSource capture = new CaptureSource("file", files, System.err, settings.inputLimits().capture());
        IngestService ingest = IngestService.create(settings, capture, nodes);
        return new ServiceRunner("flowpulse ingest")
                .add(ingest, settings.httpHost(), settings.httpPort(), url -> System.err.printf(
                        "flowpulse ingest: %d input(s) -> %s (metrics on %s/metrics)%n",
                        files.size(), settings.flowsTopic(), url))
                .whenDone(code -> summary(settings, capture, code))
                .run();
    }

    private static void summary(IngestSettings settings, CaptureSource capture, int code) {
        if (capture.result() == null) {
            if (code == ExitCodes.INTERRUPTED) {
                System.err.println("flowpulse ingest: stopped before the end of the input");
            }
            return;
        }
        CaptureCounters t = capture.result().totals();
        System.err.printf("flowpulse ingest: %,d records in %.1f s: %,d flows, %,d lost-events records, "
                        + "%,d other events, %,d invalid lines (sent to %s), %,d unreadable files%n",
                t.records(), capture.result().seconds(), t.flows(), t.lostEvents(), t.other(), t.invalid(),
                settings.dlqTopic(), capture.result().unreadableFiles());
    }
}
