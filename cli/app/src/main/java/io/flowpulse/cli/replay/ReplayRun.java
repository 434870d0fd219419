package io.flowpulse.cli.replay;

import io.flowpulse.cli.service.BackgroundService;
import io.flowpulse.replay.KafkaUnavailableException;
import io.flowpulse.replay.ReplayEngine;
import io.flowpulse.replay.ReplayException;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.ReplaySummary;
import io.flowpulse.replay.report.ReportJsonWriter;
import io.flowpulse.replay.report.html.HtmlReportWriter;
import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.runtime.service.UnreadableInputException;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One replay as a service of the runner: the captures through the topology, the report written,
 * the results loaded into ClickHouse when asked. It ends on its own; a stop (Ctrl-C) stops the
 * topology and deletes the replay's topics. Outcomes that are not a clean end surface as the
 * exceptions whose exit codes the README lists.
 */
public final class ReplayRun extends BackgroundService {

    private final ReplaySettings settings;
    private final ReplayEngine engine;
    private final Path report;
    private final Path html;
    private final ResultsLoader loader;
    private final PrintStream err;
    private volatile ReplayEngine replay;

    /** {@code html} and {@code loader} (which needs a replay through Kafka) may be null. */
    public ReplayRun(ReplaySettings settings, ReplayEngine engine, Path report, Path html, ResultsLoader loader,
                     PrintStream err) {
        super("replay");
        this.settings = settings;
        this.engine = engine;
        this.report = report;
        this.html = html;
        this.loader = loader;
        this.err = err;
    }

    @Override
    protected void work() throws Exception {
        try (ReplayEngine r = engine) {
            replay = r;
            if (stopRequested()) {
                throw new InterruptedException("stopped before the start");
            }
            ReplayResult result = run(r);
            new ReportJsonWriter().write(result.report(), report);
            if (html != null) {
                new HtmlReportWriter().write(result.report(), html);
            }
            ReplaySummary.print(result, report, html, err);
            if (loader != null) {
                loader.load(settings, settings.topics());
            }
            if (result.unreadableFiles() > 0) {
                throw new UnreadableInputException(result.unreadableFiles()
                        + " file(s) could not be read to their end; the report covers what was read");
            }
            if (!result.complete()) {
                throw new Exception("the analytics did not finish; the report covers what was analysed");
            }
        } finally {
            replay = null;
        }
    }

    private static ReplayResult run(ReplayEngine r) throws Exception {
        try {
            return r.run();
        } catch (InterruptedException e) {
            throw new InterruptedException("stopped before the end; no report written");
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new UnreadableInputException("cannot read " + e.getFile(), e);
        } catch (KafkaUnavailableException | SchemaRegistryException e) {
            throw new ServiceUnavailableException("unavailable: " + e.getMessage(), e);
        } catch (ReplayException e) {
            // an outcome the message explains, not a defect: no stack trace
            throw new Exception(e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        super.stop();
        ReplayEngine r = replay;
        if (r != null) {
            r.stop();
        }
    }

    /** Loads a finished replay's result topics somewhere (ClickHouse). */
    @FunctionalInterface
    public interface ResultsLoader {
        void load(ReplaySettings settings, io.flowpulse.replay.ReplayTopics topics) throws Exception;
    }
}
