package io.flowpulse.replay;

import io.flowpulse.ingest.capture.CaptureReader;
import io.flowpulse.ingest.capture.CaptureCounters;
import io.flowpulse.ingest.capture.ParallelCaptureReader;
import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportInput;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.streams.logic.naming.TopologyFile;
import io.flowpulse.streams.topology.InProcessTopology;
import io.flowpulse.streams.topology.PipelineMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replay with the analytics in this process (analytics spec section 7), without a broker: the capture
 * lines are parsed and mapped on several threads ({@link ParallelCaptureReader}, mapping as ingest maps),
 * and one thread feeds the records, in file order, to the topology's own processors
 * ({@link InProcessTopology}), keyed and partitioned as ingest would publish them. At the end an end
 * marker closes every window, as {@link Replay} sends one to every flows partition. Invalid lines and
 * events that cannot be mapped are counted in the report and written to a dead-letter file.
 *
 * <p>The results are those of a replay through Kafka ({@link Replay}) because the code that makes them is
 * the same; what a broker adds is durability and a place to share the run, which an offline replay does
 * not need.
 */
public final class InProcessReplay implements ReplayEngine {

    private static final Logger log = LoggerFactory.getLogger(InProcessReplay.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Records between two looks at the wall clock for due punctuations. */
    private static final int PUNCTUATE_EVERY = 4_096;

    private final ReplaySettings settings;
    private final int parserThreads;
    private final Path deadLetterPath;
    private final PrintStream progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong flows = new AtomicLong();
    private final RateSinceLast rate = new RateSinceLast();
    private volatile ParallelCaptureReader<CaptureRecord> reading;
    private long started;

    /**
     * @param parserThreads  threads parsing the capture lines
     * @param deadLetterPath where invalid lines go (created only when there is one)
     * @param progress       where progress lines go (stderr for the command); null for none
     */
    public InProcessReplay(ReplaySettings settings, int parserThreads, Path deadLetterPath, PrintStream progress) {
        if (parserThreads < 1) {
            throw new IllegalArgumentException("at least one parsing thread is needed, got " + parserThreads);
        }
        this.settings = settings;
        this.parserThreads = parserThreads;
        this.deadLetterPath = deadLetterPath;
        this.progress = progress;
    }

    /** Asks a running replay to stop; {@link #run} then throws {@link InterruptedException}. */
    @Override
    public void stop() {
        stopping.set(true);
        ParallelCaptureReader<CaptureRecord> current = reading;
        if (current != null) {
            current.close();
        }
    }

    /**
     * @throws java.nio.file.NoSuchFileException      when an input does not exist
     * @throws java.nio.file.AccessDeniedException    when an input file cannot be read
     */
    @Override
    public ReplayResult run() throws IOException, InterruptedException {
        started = System.nanoTime();
        List<Path> files = Replay.readableFiles(settings.inputs());
        List<Node> nodes = settings.topologyFile() == null ? List.of() : TopologyFile.read(settings.topologyFile());
        PipelineMetrics metrics = PipelineMetrics.standalone();
        ReplayOutputs outputs = new ReplayOutputs();
        InProcessTopology topology = new InProcessTopology(settings.topologySettings(nodes), metrics,
                (key, value) -> outputs.add(value));
        Counts counts = new Counts();
        CaptureCounters totals;
        say("replay %s: reading %d file(s) with %d parsing thread(s), analytics in process", settings.runId(),
                files.size(), parserThreads);
        try (ParallelCaptureReader<CaptureRecord> records = new CaptureReader(settings.inputLimits().capture())
                .openParallel(files, parserThreads, () -> CaptureRecord.newMapper(settings.inputLimits().eventTime()));
             DeadLetterFile deadLetters = new DeadLetterFile(deadLetterPath);
             ProgressPrinter printer = progress == null ? null : new ProgressPrinter(this::progressLine, progress,
                     ProgressPrinter.onTerminal(), PROGRESS_EVERY)) {
            reading = records;
            if (stopping.get()) {
                throw new InterruptedException("stopped before the input was read");
            }
            analyse(records, topology, deadLetters, counts);
            topology.endOfStream(counts.last == null ? 0 : counts.last.toEpochMilli());
            totals = records.totals();
            counts.deadLetterFile = deadLetters.written() > 0 ? deadLetters.path() : null;
        } finally {
            reading = null;
        }
        long invalid = totals.invalid() + counts.unmappable;
        ReportInput input = new ReportInput(files.stream().map(Path::toString).toList(), totals.records() - invalid,
                counts.flows, counts.lostEvents, invalid, (long) metrics.lateRecords().count(), counts.first,
                counts.last);
        ReplayReport report = ReplayReport.of(input, settings.windowSize().toSeconds(), outputs.links(),
                outputs.dns(), outputs.latency(), outputs.alerts());
        double seconds = (System.nanoTime() - started) / 1e9;
        say("replay %s: %,d records analysed in %.1f s (%,.0f records/s)%s", settings.runId(), totals.records(),
                seconds, totals.records() / seconds, counts.deadLetterFile == null ? ""
                        : "; " + invalid + " invalid line(s) written to " + counts.deadLetterFile);
        return new ReplayResult(report, counts.unreadable, 0, counts.analyticsFailures, outputs.duplicates(), seconds);
    }

    private void analyse(ParallelCaptureReader<CaptureRecord> records, InProcessTopology topology,
                         DeadLetterFile deadLetters, Counts counts) throws InterruptedException {
        long sincePunctuation = 0;
        while (hasNext(records)) {
            CaptureRecord record = records.next();
            if (record instanceof CaptureRecord.Keyed keyed) {
                analyse(keyed, topology, deadLetters, counts);
            } else if (record instanceof CaptureRecord.Rejected rejected) {
                counts.unmappable += rejected.unmappable() ? 1 : 0;
                deadLetters.write("ingest", rejected.file(), rejected.lineNumber(), rejected.raw(), rejected.reason());
            } else if (record instanceof CaptureRecord.Unreadable unreadable) {
                counts.unreadable++;
                log.error("{} could not be read past line {}: {}", unreadable.file(), unreadable.lineNumber(),
                        unreadable.reason());
                deadLetters.write("ingest", unreadable.file(), unreadable.lineNumber(), new byte[0],
                        "the file could not be read past this line: " + unreadable.reason());
            }
            if (++sincePunctuation == PUNCTUATE_EVERY) {
                sincePunctuation = 0;
                topology.punctuate(System.currentTimeMillis());
            }
        }
    }

    private boolean hasNext(ParallelCaptureReader<CaptureRecord> records) throws InterruptedException {
        if (stopping.get()) {
            throw new InterruptedException("stopped before the end of the input");
        }
        try {
            return records.hasNext();
        } catch (IllegalStateException closed) {
            if (stopping.get()) {
                throw new InterruptedException("stopped before the end of the input");
            }
            throw closed;
        }
    }

    /** One flows-topic record through the processors; one they cannot take is dead-lettered, as the topology's handler does. */
    private void analyse(CaptureRecord.Keyed keyed, InProcessTopology topology, DeadLetterFile deadLetters,
                         Counts counts) {
        if (keyed.isFlow()) {
            counts.flows++;
            flows.incrementAndGet();
        } else {
            counts.lostEvents++;
        }
        counts.seen(keyed.time());
        try {
            topology.process(keyed.key(), keyed.value(), keyed.time() == null ? 0 : keyed.time().toEpochMilli());
        } catch (RuntimeException e) {
            counts.analyticsFailures++;
            log.error("the analytics could not process a record of node {}; dead-lettered", keyed.key(), e);
            deadLetters.write("streams", Path.of("-"), 0, keyed.value().toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "the analytics failed on it: " + e);
        }
    }

    private String progressLine() {
        ParallelCaptureReader<CaptureRecord> current = reading;
        long read = current == null ? 0 : current.bytesRead();
        long total = current == null ? 0 : current.totalBytes();
        double fraction = total == 0 ? 0 : Math.min(1.0, (double) read / total);
        double elapsed = (System.nanoTime() - started) / 1e9;
        String eta = fraction <= 0 ? "?" : formatDuration(elapsed * (1 - fraction) / fraction);
        return String.format("  %,d flows, %.0f %% of %,d MB, %,.0f flows/s, ETA %s", flows.get(), fraction * 100,
                total >> 20, rate.perSecond(flows.get()), eta);
    }

    private static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println(String.format(format, args));
        }
    }

    /** What the analysing thread counted. */
    private static final class Counts {
        long flows;
        long lostEvents;
        long unmappable;
        long unreadable;
        long analyticsFailures;
        Instant first;
        Instant last;
        Path deadLetterFile;

        void seen(Instant t) {
            if (t != null) {
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
            }
        }
    }
}
