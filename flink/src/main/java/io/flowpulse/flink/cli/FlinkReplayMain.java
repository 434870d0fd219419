package io.flowpulse.flink.cli;

import io.flowpulse.flink.replay.FlinkReplay;
import io.flowpulse.replay.KafkaUnavailableException;
import io.flowpulse.replay.ReplayException;
import io.flowpulse.replay.ReplayResult;
import io.flowpulse.replay.ReplaySummary;
import io.flowpulse.replay.ReplaySettings;
import io.flowpulse.replay.report.ReportJsonWriter;
import io.flowpulse.replay.report.html.HtmlReportWriter;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.KafkaClientProperties;
import io.flowpulse.runtime.service.ExitCodes;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code flowpulse replay --engine flink} in the child JVM on this module's class path:
 * <pre>
 * FlinkReplayMain --settings FILE --input PATH [--input PATH ...] [--topology FILE] --run-id ID
 *                 [--keep-topics] --report FILE [--html FILE]
 * </pre>
 * The settings file holds the replay command's resolved settings ({@link ReplaySettings#DEFAULTS} keys,
 * {@code kafka.*}, {@code schema.registry.url}). Writes the report and prints the summary of the Kafka
 * Streams replay; exits with the command's codes (0, 1, 3 unavailable, 4 unreadable input).
 */
public final class FlinkReplayMain {

    private FlinkReplayMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        ReplaySettings settings;
        Path report;
        Path html;
        try {
            EngineArgs a = EngineArgs.parse(args);
            Config config = a.settings(ReplaySettings.DEFAULTS);
            List<Path> inputs = a.all("input").stream().map(Path::of).toList();
            settings = ReplaySettings.from(config, inputs, a.path("topology"), KafkaClientProperties.from(config),
                    config.require("schema.registry.url"), a.require("run-id"), a.flag("keep-topics"));
            report = Path.of(a.require("report"));
            html = a.path("html");
        } catch (Exception e) {
            err.println("flowpulse replay: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        FlinkReplay replay = new FlinkReplay(settings, err);
        // a SIGTERM from the parent (Ctrl-C) still deletes the replay's topics
        Thread cleanup = new Thread(replay::close, "replay-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ReplayResult result = replay.run();
            new ReportJsonWriter().write(result.report(), report);
            if (html != null) {
                new HtmlReportWriter().write(result.report(), html);
            }
            ReplaySummary.print(result, report, html, err);
            if (result.unreadableFiles() > 0) {
                err.println("flowpulse replay: " + result.unreadableFiles()
                        + " file(s) could not be read to their end; the report covers what was read");
                return ExitCodes.INPUT;
            }
            return ExitCodes.OK;
        } catch (NoSuchFileException | AccessDeniedException e) {
            err.println("flowpulse replay: cannot read " + e.getFile());
            return ExitCodes.INPUT;
        } catch (KafkaUnavailableException | SchemaRegistryException e) {
            err.println("flowpulse replay: unavailable: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (ReplayException e) {
            err.println("flowpulse replay: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            err.println("flowpulse replay: stopped before the end; no report written");
            return ExitCodes.INTERRUPTED;
        } catch (Exception e) {
            err.println("flowpulse replay: failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.FAILURE;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
                replay.close();
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and closes the replay
            }
        }
    }

}
