package io.flowpulse.streams.logic.alert;

import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A window that closed, with every result record of that window (any of the lists may be empty).
 * Records of another window are rejected; of two records with the same key the later one is kept.
 */
public record ClosedWindow(TimeWindow window, List<LinkWindow> links, List<DnsWindow> dns,
                           List<LatencyWindow> latency, List<NodeLostEvents> lostEvents) {

    public ClosedWindow {
        Objects.requireNonNull(window, "window");
        // one final record per key and window; a redelivered duplicate replaces the earlier copy
        links = lastPerKey(links, l -> l.getLevel() + "|" + l.getSrc() + "|" + l.getDst());
        dns = lastPerKey(dns, DnsWindow::getClient);
        latency = lastPerKey(latency, l -> l.getLevel() + "|" + l.getKind() + "|" + l.getSrc() + "|" + l.getDst());
        lostEvents = lastPerKey(lostEvents, NodeLostEvents::node);
        for (LinkWindow link : links) {
            requireSameWindow(window, link.getWindowStart(), "link " + link.getLevel() + ":" + link.getSrc() + "->" + link.getDst());
        }
        for (DnsWindow d : dns) {
            requireSameWindow(window, d.getWindowStart(), "dns " + d.getClient());
        }
        for (LatencyWindow l : latency) {
            requireSameWindow(window, l.getWindowStart(), "latency " + l.getLevel() + "|" + l.getKind() + "|" + l.getSrc() + "|" + l.getDst());
        }
    }

    /** A closed window without any records. */
    public static ClosedWindow empty(TimeWindow window) {
        return new ClosedWindow(window, List.of(), List.of(), List.of(), List.of());
    }

    private static <T> List<T> lastPerKey(List<T> records, Function<T, String> key) {
        Map<String, T> byKey = new LinkedHashMap<>();
        for (T record : records) {
            byKey.put(key.apply(Objects.requireNonNull(record, "record")), record);
        }
        return List.copyOf(byKey.values());
    }

    private static void requireSameWindow(TimeWindow window, java.time.Instant start, String what) {
        if (!window.start().equals(start)) {
            throw new IllegalArgumentException(what + " belongs to the window starting " + start
                    + ", not to the closed window starting " + window.start());
        }
    }
}
