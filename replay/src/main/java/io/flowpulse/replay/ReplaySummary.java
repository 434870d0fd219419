package io.flowpulse.replay;

import io.flowpulse.replay.report.ReplayReport;
import io.flowpulse.replay.report.ReportFormats;
import io.flowpulse.replay.report.ReportInput;
import java.io.PrintStream;
import java.nio.file.Path;

/** The lines a finished replay prints, whichever engine ran it. */
public final class ReplaySummary {

    private ReplaySummary() {
    }

    /** {@code html} may be null. */
    public static void print(ReplayResult result, Path report, Path html, PrintStream err) {
        ReplayReport r = result.report();
        ReportInput in = r.input();
        long firing = r.alerts().stream().filter(a -> "FIRING".equals(a.getState())).count();
        err.printf("flowpulse replay: done in %.1f s%n", result.seconds());
        err.printf("  input: %d file(s), %,d records (%,d flows, %,d lost-events records), %,d invalid, %,d late%n",
                in.files().size(), in.records(), in.flows(), in.lostEvents(), in.invalid(), in.late());
        if (in.firstTime() != null) {
            err.printf("  event time: %s .. %s%n", ReportFormats.eventTime(in.firstTime()),
                    ReportFormats.eventTime(in.lastTime()));
        }
        err.printf("  results: %,d link, %,d DNS, %,d latency windows; %,d alerts fired, %,d alert changes%n",
                r.links().size(), r.dns().size(), r.latency().size(), firing, r.alerts().size());
        if (result.unpublished() > 0) {
            err.printf("  %,d records could not be published (see the dead-letter topic)%n", result.unpublished());
        }
        if (result.analyticsDeadLetters() > 0) {
            err.printf("  %,d records could not be analysed (see the dead-letter topic)%n",
                    result.analyticsDeadLetters());
        }
        err.printf("  report: %s%s%n", report, html == null ? "" : ", " + html);
        err.flush();
    }
}
