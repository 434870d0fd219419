package io.flowpulse.cli.demo;

import io.flowpulse.cli.service.BackgroundService;
import io.flowpulse.ingest.IngestCounters;
import io.flowpulse.ingest.IngestService;
import io.flowpulse.schemas.Topics;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.sink.SinkService;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.topology.PipelineMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The demo's terminal view, its last service: every few seconds the counters of every stage and the
 * results read back from the output topics as a user would; at the end (the demo's duration, or a stop)
 * what ClickHouse holds and a summary line, while the stages still run.
 */
final class DemoView extends BackgroundService {

    /** The running stages the view counts; simulator and sink may be absent. */
    record Stages(HubbleSimulator simulator, IngestService ingest, StreamsApp streams, SinkService sink) {
    }

    private static final Duration SINK_CATCH_UP = Duration.ofSeconds(15);

    private final DemoPipeline.Options options;
    private final DemoStack stack;
    private final Stages stages;
    private final List<String> where;
    private final PrintStream out;
    private final BooleanSupplier stoppedBySignal;
    private final Consumer<String> status;
    private final StageRates rates = new StageRates();

    DemoView(DemoPipeline.Options options, DemoStack stack, Stages stages, List<String> where, PrintStream out,
             BooleanSupplier stoppedBySignal, Consumer<String> status) {
        super("view");
        this.options = options;
        this.stack = stack;
        this.stages = stages;
        this.where = List.copyOf(where);
        this.out = out;
        this.stoppedBySignal = stoppedBySignal;
        this.status = status;
    }

    @Override
    protected void work() throws Exception {
        try (ResultsFollower results = new ResultsFollower(stack.bootstrapServers(),
                SinkService.avroValues(stack.registryUrl()),
                List.of(Topics.LINKS, Topics.DNS, Topics.LATENCY, Topics.ALERTS))) {
            results.start();
            long start = System.nanoTime();
            long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
            boolean finished = false;
            while (!finished) {
                long left = end - System.nanoTime();
                if (!pause(Duration.ofNanos(Math.min(options.refresh().toNanos(), Math.max(0, left))))) {
                    break;
                }
                finished = System.nanoTime() >= end;
                show(results, (System.nanoTime() - start) / 1e9);
            }
            summary(results, finished);
        }
        status.accept("stopping every stage...");
    }

    private void show(ResultsFollower results, double elapsed) {
        DemoSnapshot snapshot = new DemoSnapshot(elapsed, stageLines(results, elapsed), results.links(), results.dns(),
                results.latency(), results.alerts(), results.latestWindowEnd(), where);
        if (!options.plain()) {
            out.print("\033[H\033[2J");
        } else {
            out.println("-".repeat(100));
        }
        out.print(DemoScreen.render(snapshot));
        out.flush();
    }

    private List<DemoSnapshot.Stage> stageLines(ResultsFollower results, double elapsed) {
        List<DemoSnapshot.Stage> lines = new ArrayList<>();
        if (stages.simulator() != null) {
            lines.add(rates.stage("simulator", stages.simulator().feed().emitted(), elapsed, "events generated"));
        }
        IngestCounters ingest = stages.ingest().pipeline().counters();
        lines.add(rates.stage("ingest", ingest.flows() + ingest.lostEventRecords(), elapsed,
                String.format("acked by Kafka %,d", stages.ingest().publisher().acked())));
        PipelineMetrics streams = stages.streams().pipelineMetrics();
        lines.add(rates.stage("streams", (long) streams.inputRecords().count(), elapsed,
                String.format("windows closed %,d, alerts %,d, late %,d",
                        (long) (streams.windowsClosed("links").count() + streams.windowsClosed("dns").count()
                                + streams.windowsClosed("latency").count()),
                        (long) (streams.alerts("FIRING").count() + streams.alerts("RESOLVED").count()),
                        (long) streams.lateRecords().count())));
        if (stages.sink() != null) {
            lines.add(rates.stage("sink", stages.sink().sink().recordsHandled(), elapsed, "records written to ClickHouse"));
        }
        lines.add(rates.stage("view", windowsRead(results), elapsed, "window and alert records read back from Kafka"));
        return lines;
    }

    /** What ClickHouse holds, once the sink has written what the view read, and the demo's summary line. */
    private void summary(ResultsFollower results, boolean finished) throws InterruptedException {
        if (stages.sink() != null) {
            long deadline = System.nanoTime() + SINK_CATCH_UP.toNanos();
            long target = windowsRead(results);
            while (stages.sink().sink().recordsHandled() < target && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            out.println(stack.clickHouseSummary());
        }
        out.printf("demo summary: %,d flows ingested, %,d alert state changes (%d FIRING), %s%n",
                stages.ingest().pipeline().counters().flows(), results.alerts().size(),
                results.alerts().stream().filter(a -> a.getState().equals("FIRING")).count(),
                finished ? "finished" : stoppedBySignal.getAsBoolean() ? "stopped by Ctrl-C" : "stopped");
        out.flush();
    }

    private static long windowsRead(ResultsFollower results) {
        return results.read("links") + results.read("dns") + results.read("latency") + results.read("alerts");
    }

    /** Per-second rates between two views. */
    private static final class StageRates {
        private final Map<String, long[]> last = new HashMap<>();

        DemoSnapshot.Stage stage(String name, long total, double elapsed, String detail) {
            long[] prev = last.getOrDefault(name, new long[] {0, 0});
            double seconds = Math.max(1e-3, elapsed - prev[1] / 1000.0);
            double rate = (total - prev[0]) / seconds;
            last.put(name, new long[] {total, (long) (elapsed * 1000)});
            return new DemoSnapshot.Stage(name, total, rate, detail);
        }
    }
}
