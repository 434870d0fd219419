package io.flowpulse.replay.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * An inline SVG line chart over windows. The x axis has one slot per window that holds data, so
 * captures days apart share a readable axis; where windows without data lie between two slots a
 * dashed mark shows the jump, and points further apart than one window are not joined.
 */
final class TimeSeriesChart {

    /** One point per window: x = window start (epoch ms). */
    record Point(long windowStartMillis, double value) {
    }

    record Series(String name, List<Point> points, boolean dashed) {
    }

    private static final int WIDTH = 920;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;
    private static final int Y_TICKS = 4;
    private static final int X_LABELS = 8;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String yLabel;
    private final long windowMillis;
    private final List<Series> series = new ArrayList<>();

    TimeSeriesChart(String yLabel, long windowMillis) {
        this.yLabel = yLabel;
        this.windowMillis = windowMillis;
    }

    TimeSeriesChart add(Series line) {
        series.add(line);
        return this;
    }

    String toSvg() {
        TreeSet<Long> windows = new TreeSet<>();
        double maxY = 0;
        for (Series line : series) {
            for (Point p : line.points()) {
                windows.add(p.windowStartMillis());
                maxY = Math.max(maxY, p.value());
            }
        }
        if (windows.isEmpty()) {
            return "<p class=\"empty\">No data.</p>";
        }
        Frame frame = new Frame(new ArrayList<>(windows), Axis.niceTop(maxY, Y_TICKS));
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT + legendHeight())
                .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
        appendAxes(svg, frame);
        for (int i = 0; i < series.size(); i++) {
            appendSeries(svg, frame, series.get(i), Palette.color(i));
        }
        appendLegend(svg);
        svg.append("</svg>");
        return svg.toString();
    }

    private void appendAxes(StringBuilder svg, Frame frame) {
        for (double tick : Axis.ticks(frame.topY, Y_TICKS)) {
            double y = frame.y(tick);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, Axis.label(tick)));
        }
        List<Long> windows = frame.windows;
        boolean severalDays = windows.get(windows.size() - 1) - windows.get(0) >= 86_400_000L;
        DateTimeFormatter format = severalDays ? DAY_AND_TIME : TIME;
        int every = Math.max(1, (windows.size() + X_LABELS - 1) / X_LABELS);
        for (int i = 0; i < windows.size(); i++) {
            double x = frame.x(i);
            if (i > 0 && windows.get(i) - windows.get(i - 1) > windowMillis) {
                double gap = x - frame.slotWidth() / 2;
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"gap\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"><title>no data from %s to %s</title></line>",
                        gap, TOP, gap, HEIGHT - BOTTOM,
                        DAY_AND_TIME.format(Instant.ofEpochMilli(windows.get(i - 1) + windowMillis)),
                        DAY_AND_TIME.format(Instant.ofEpochMilli(windows.get(i)))));
            }
            if (i % every == 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, HEIGHT - BOTTOM, x,
                        HEIGHT - BOTTOM + 4));
                svg.append(String.format(Locale.ROOT,
                        "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x, HEIGHT - BOTTOM + 16, format.format(Instant.ofEpochMilli(windows.get(i)))));
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT,
                HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"unit\" x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>",
                (HEIGHT - BOTTOM + TOP) / 2, (HEIGHT - BOTTOM + TOP) / 2, Html.escape(yLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"unit\" x=\"%d\" y=\"%d\" text-anchor=\"end\">window start, UTC</text>",
                WIDTH - RIGHT, HEIGHT - 2));
    }

    private void appendSeries(StringBuilder svg, Frame frame, Series line, String color) {
        List<Point> points = new ArrayList<>(line.points());
        points.sort(Comparator.comparingLong(Point::windowStartMillis));
        String dash = line.dashed() ? " stroke-dasharray=\"5 4\"" : "";
        StringBuilder path = new StringBuilder();
        long previous = Long.MIN_VALUE;
        for (Point p : points) {
            double x = frame.x(frame.slot(p.windowStartMillis()));
            double y = frame.y(p.value());
            boolean joined = previous != Long.MIN_VALUE && p.windowStartMillis() - previous <= windowMillis;
            path.append(joined ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            previous = p.windowStartMillis();
        }
        svg.append("<path fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\"").append(dash)
                .append(" d=\"").append(path.toString().trim()).append("\"/>");
        for (Point p : points) {
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s %s: %s</title></circle>",
                    frame.x(frame.slot(p.windowStartMillis())), frame.y(p.value()), color,
                    Html.escape(line.name()), DAY_AND_TIME.format(Instant.ofEpochMilli(p.windowStartMillis())),
                    Axis.label(p.value())));
        }
    }

    private int legendHeight() {
        return 18 * ((series.size() + 2) / 3);
    }

    private void appendLegend(StringBuilder svg) {
        int columnWidth = (WIDTH - LEFT - RIGHT) / 3;
        for (int i = 0; i < series.size(); i++) {
            int x = LEFT + (i % 3) * columnWidth;
            int y = HEIGHT + 4 + (i / 3) * 18;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>", x, y + 5, Palette.color(i)));
            svg.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", x + 18, y + 11,
                    Html.escape(shorten(series.get(i).name(), 44))));
        }
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    /** One slot per window that has data. */
    private static final class Frame {
        private final List<Long> windows;
        private final double topY;

        Frame(List<Long> windows, double topY) {
            this.windows = windows;
            this.topY = topY;
        }

        int slot(long windowStart) {
            return Collections.binarySearch(windows, windowStart);
        }

        double slotWidth() {
            return (double) (WIDTH - LEFT - RIGHT) / windows.size();
        }

        double x(int slot) {
            return LEFT + (slot + 0.5) * slotWidth();
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / topY * (HEIGHT - BOTTOM - TOP);
        }
    }
}
