package io.flowpulse.replay.report;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything a replay found (analytics spec section 7), with every list in the order the spec
 * gives. Build it with {@link #of}, which sorts; the lists are immutable.
 */
public record ReplayReport(ReportInput input, long windowSeconds, List<LinkWindow> links, List<DnsWindow> dns,
                           List<LatencyWindow> latency, List<Alert> alerts) {

    /** level, src, dst, window_start. */
    public static final Comparator<LinkWindow> LINK_ORDER = Comparator.comparing(LinkWindow::getLevel)
            .thenComparing(LinkWindow::getSrc).thenComparing(LinkWindow::getDst)
            .thenComparing(LinkWindow::getWindowStart);

    /** client, window_start. */
    public static final Comparator<DnsWindow> DNS_ORDER = Comparator.comparing(DnsWindow::getClient)
            .thenComparing(DnsWindow::getWindowStart);

    /** level, kind, src, dst, window_start. */
    public static final Comparator<LatencyWindow> LATENCY_ORDER = Comparator.comparing(LatencyWindow::getLevel)
            .thenComparing(LatencyWindow::getKind).thenComparing(LatencyWindow::getSrc)
            .thenComparing(LatencyWindow::getDst).thenComparing(LatencyWindow::getWindowStart);

    /** window_start, kind, subject, state. */
    public static final Comparator<Alert> ALERT_ORDER = Comparator.comparing(Alert::getWindowStart)
            .thenComparing(Alert::getKind).thenComparing(Alert::getSubject).thenComparing(Alert::getState);

    public ReplayReport {
        Objects.requireNonNull(input, "input");
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException("window_seconds must be positive, got " + windowSeconds);
        }
        links = List.copyOf(links);
        dns = List.copyOf(dns);
        latency = List.copyOf(latency);
        alerts = List.copyOf(alerts);
    }

    /** A report with every list sorted as the spec says. */
    public static ReplayReport of(ReportInput input, long windowSeconds, Collection<LinkWindow> links,
                                  Collection<DnsWindow> dns, Collection<LatencyWindow> latency,
                                  Collection<Alert> alerts) {
        return new ReplayReport(input, windowSeconds, sorted(links, LINK_ORDER), sorted(dns, DNS_ORDER),
                sorted(latency, LATENCY_ORDER), sorted(alerts, ALERT_ORDER));
    }

    private static <T> List<T> sorted(Collection<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return copy;
    }
}
