package io.flowpulse.replay.report.html;

import io.flowpulse.schemas.avro.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An inline SVG timeline with one row per alert id: a bar from the window that fired it through the
 * window that resolved it, or to the end of the replay when it is still firing (drawn open-ended).
 * Like {@link TimeSeriesChart}, the time axis has one slot per window that holds data, with a dashed
 * mark where windows without data were left out.
 */
final class AlertTimeline {

    private record Episode(Alert firing, Alert resolved) {
    }

    private static final int WIDTH = 920;
    private static final int LABEL_WIDTH = 330;
    private static final int RIGHT = 16;
    private static final int ROW = 22;
    private static final int X_LABELS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private AlertTimeline() {
    }

    /**
     * @param alerts       state changes in report order (window_start, kind, subject, state)
     * @param dataWindows  start (epoch ms) of every window with a result record
     */
    static String toSvg(List<Alert> alerts, TreeSet<Long> dataWindows, long windowMillis) {
        if (alerts.isEmpty()) {
            return "<p class=\"empty\">No alert fired.</p>";
        }
        TreeSet<Long> slotSet = new TreeSet<>(dataWindows);
        alerts.forEach(a -> slotSet.add(a.getWindowStart().toEpochMilli()));
        List<Long> slots = new ArrayList<>(slotSet);
        Map<String, List<Episode>> rows = episodes(alerts);
        double slotWidth = (double) (WIDTH - LABEL_WIDTH - RIGHT) / slots.size();
        int height = rows.size() * ROW + 30;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
        int axisY = 8 + rows.size() * ROW;
        for (int i = 1; i < slots.size(); i++) {
            if (slots.get(i) - slots.get(i - 1) > windowMillis) {
                double x = LABEL_WIDTH + i * slotWidth;
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"gap\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%d\"/>", x, x, axisY));
            }
        }
        int row = 0;
        for (Map.Entry<String, List<Episode>> entry : rows.entrySet()) {
            int y = 4 + row * ROW;
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LABEL_WIDTH - 8, y + 14, Html.escape(TimeSeriesChart.shorten(entry.getKey(), 52))));
            for (Episode episode : entry.getValue()) {
                int from = slot(slots, episode.firing().getWindowStart().toEpochMilli());
                int to = episode.resolved() == null ? slots.size()
                        : slot(slots, episode.resolved().getWindowStart().toEpochMilli()) + 1;
                boolean critical = "CRITICAL".equals(episode.firing().getSeverity());
                String state = episode.resolved() == null ? "still firing at the end of the replay"
                        : "resolved " + TIME.format(episode.resolved().getWindowEnd());
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"%s%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s %s, fired %s"
                                + " (value %s, threshold %s), %s</title></rect>",
                        critical ? "critical" : "warning", episode.resolved() == null ? " open" : "",
                        LABEL_WIDTH + from * slotWidth, y + 2, Math.max(2, (to - from) * slotWidth), ROW - 6,
                        Html.escape(entry.getKey()), episode.firing().getSeverity(),
                        TIME.format(episode.firing().getWindowStart()), Axis.label(episode.firing().getValue()),
                        Axis.label(episode.firing().getThreshold()), state));
            }
            row++;
        }
        int every = Math.max(1, (slots.size() + X_LABELS - 1) / X_LABELS);
        for (int i = 0; i < slots.size(); i += every) {
            double x = LABEL_WIDTH + i * slotWidth;
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                    x, axisY + 12, i == 0 ? "start" : "middle", TIME.format(Instant.ofEpochMilli(slots.get(i)))));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static int slot(List<Long> slots, long windowStart) {
        int slot = Collections.binarySearch(slots, windowStart);
        return slot >= 0 ? slot : -slot - 1;
    }

    /** Pairs each FIRING with the RESOLVED that follows it for the same id. */
    private static Map<String, List<Episode>> episodes(List<Alert> alerts) {
        List<Alert> ordered = new ArrayList<>(alerts);
        ordered.sort(Comparator.comparing(Alert::getWindowStart)
                .thenComparing(a -> "FIRING".equals(a.getState()) ? 1 : 0));
        Map<String, List<Episode>> rows = new TreeMap<>();
        for (Alert alert : ordered) {
            List<Episode> row = rows.computeIfAbsent(alert.getId(), id -> new ArrayList<>());
            if ("FIRING".equals(alert.getState())) {
                row.add(new Episode(alert, null));
            } else if (!row.isEmpty() && row.get(row.size() - 1).resolved() == null) {
                row.set(row.size() - 1, new Episode(row.get(row.size() - 1).firing(), alert));
            }
        }
        rows.values().removeIf(List::isEmpty);
        return rows;
    }
}
