package io.flowpulse.cli;

import io.flowpulse.ingest.CaptureIngest;
import io.flowpulse.ingest.IngestPipeline;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.capture.CaptureCounters;
import io.flowpulse.ingest.capture.CaptureReader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code flowpulse ingest --file ...}: one pass over capture files, with a summary. */
final class CaptureIngestRun {

    private CaptureIngestRun() {
    }

    static int run(IngestSettings settings, List<Path> files, NodeInventorySource nodes) throws Exception {
        try (IngestService ingest = new IngestService(settings, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ingest::stop, "ingest-shutdown"));
            nodes.start(ingest);
            IngestPipeline pipeline = ingest.pipeline("file");
            System.err.printf("flowpulse ingest: %d input(s) -> %s (metrics on %s/metrics)%n",
                    files.size(), settings.flowsTopic(), ingest.endpoint().url());
            CaptureIngest.Result result;
            try {
                result = new CaptureIngest(new CaptureReader(), pipeline, ingest.deadLetters(), System.err,
                        ingest::stopping).run(files);
            } catch (NoSuchFileException e) {
                System.err.println("flowpulse ingest: no such file or directory: " + e.getFile());
                return ExitCodes.INPUT;
            } catch (InterruptedException e) {
                System.err.println("flowpulse ingest: stopped before the end of the input");
                return ExitCodes.INTERRUPTED;
            }
            CaptureCounters t = result.totals();
            System.err.printf("flowpulse ingest: %,d records in %.1f s: %,d flows, %,d lost-events records, "
                            + "%,d other events, %,d invalid lines (sent to %s), %,d unreadable files%n",
                    t.records(), result.seconds(), t.flows(), t.lostEvents(), t.other(), t.invalid(),
                    settings.dlqTopic(), result.unreadableFiles());
            return result.complete() ? ExitCodes.OK : ExitCodes.INPUT;
        }
    }
}
