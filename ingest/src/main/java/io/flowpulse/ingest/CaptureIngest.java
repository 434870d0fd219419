package io.flowpulse.ingest;

import io.flowpulse.ingest.capture.CaptureCounters;
import io.flowpulse.ingest.capture.CaptureItem;
import io.flowpulse.ingest.capture.CaptureReader;
import io.flowpulse.ingest.capture.CaptureVisitor;
import io.flowpulse.ingest.kafka.IngestDeadLetters;
import io.flowpulse.ingest.mapping.FlowMapper;
import io.flowpulse.ingest.mapping.FlowMappingException;
import io.flowpulse.ingest.mapping.MappedEvent;
import io.flowpulse.ingest.protowire.FlowResponseView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes capture files: every event line through the pipeline, every invalid line to the
 * dead-letter topic with file, line and reason. Prints progress every few seconds.
 */
public final class CaptureIngest {

    private static final Logger log = LoggerFactory.getLogger(CaptureIngest.class);
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    /** What one run read and did. */
    public record Result(CaptureCounters totals, long unreadableFiles, long mappingFailures,
                         Instant firstTime, Instant lastTime, double seconds) {
        public boolean complete() {
            return unreadableFiles == 0;
        }
    }

    private final CaptureReader reader;
    private final IngestPipeline pipeline;
    private final IngestDeadLetters deadLetters;
    private final PrintStream progress;
    private final BooleanSupplier stop;

    public CaptureIngest(CaptureReader reader, IngestPipeline pipeline, IngestDeadLetters deadLetters,
                         PrintStream progress, BooleanSupplier stop) {
        this.reader = reader;
        this.pipeline = pipeline;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.stop = stop;
    }

    public Result run(List<Path> inputs) throws IOException, InterruptedException {
        FlowMapper mapper = new FlowMapper(pipeline.timeBounds());
        FlowResponseView fastPath = new FlowResponseView();
        long start = System.nanoTime();
        long[] lastReport = {start};
        long[] unreadable = {0};
        long[] mappingFailures = {0};
        long[] events = {0};
        Instant[] first = {null};
        Instant[] last = {null};
        CaptureReader.Summary summary = reader.read(inputs, new CaptureVisitor() {
            @Override
            public void fileStarted(Path file) {
                log.info("reading {}", file);
            }

            @Override
            public void event(CaptureItem.Event item) throws InterruptedException {
                if (stop.getAsBoolean()) {
                    throw new InterruptedException("stopped");
                }
                if (publishedFromProtobuf(item)) {
                    seen(fastPath.eventTime());
                    return;
                }
                MappedEvent mapped;
                try {
                    mapped = mapper.map(item.event());
                } catch (FlowMappingException e) {
                    mappingFailures[0]++;
                    pipeline.countMappingFailure(e);
                    deadLetters.invalidLine(item.file().toString(), item.lineNumber(), item.utf8(), e.getMessage());
                    return;
                }
                pipeline.onEvent(mapped, "");
                seen(eventTime(mapped));
            }

            /** Flows the parser left as protobuf bytes are encoded from them, as relay flows are. */
            private boolean publishedFromProtobuf(CaptureItem.Event item) throws InterruptedException {
                return item.protobuf() != null && item.kind() == CaptureItem.Kind.FLOW && fastPath.read(item.protobuf())
                        && pipeline.publishEncoded(fastPath);
            }

            private void seen(Instant t) {
                if (t != null) {
                    first[0] = first[0] == null || t.isBefore(first[0]) ? t : first[0];
                    last[0] = last[0] == null || t.isAfter(last[0]) ? t : last[0];
                }
                events[0]++;
                long now = System.nanoTime();
                if (progress != null && now - lastReport[0] > PROGRESS_EVERY_NANOS) {
                    lastReport[0] = now;
                    double s = (now - start) / 1e9;
                    progress.printf("  %,d events read, %,.0f events/s, %,d flows acknowledged by Kafka%n",
                            events[0], events[0] / s, pipeline.publisher().acked());
                }
            }

            @Override
            public void invalid(CaptureItem.Invalid line) {
                pipeline.counters().invalid.increment();
                deadLetters.invalidLine(line.file().toString(), line.lineNumber(), line.raw(), line.reason());
            }

            @Override
            public void unreadable(CaptureItem.Unreadable file) {
                unreadable[0]++;
                log.error("{} could not be read past line {}: {}", file.file(), file.lineNumber(), file.reason());
                deadLetters.invalidLine(file.file().toString(), file.lineNumber(), new byte[0],
                        "the file could not be read past this line: " + file.reason());
            }
        });
        pipeline.publisher().flush();
        return new Result(summary.totals(), unreadable[0], mappingFailures[0], first[0], last[0],
                (System.nanoTime() - start) / 1e9);
    }

    private static Instant eventTime(MappedEvent e) {
        if (e instanceof MappedEvent.OfFlow f) {
            return f.flow().getTime();
        }
        if (e instanceof MappedEvent.OfLostEvents l) {
            return l.lostEvents().getTime();
        }
        return null;
    }
}
