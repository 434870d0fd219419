package io.flowpulse.streams.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart over window start times. Consecutive points further apart than one
 * window are not joined, so a gap in the data shows as a gap in the line.
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
    private static final int X_TICKS = 6;
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
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        double maxY = 0;
        for (Series line : series) {
            for (Point p : line.points()) {
                minX = Math.min(minX, p.windowStartMillis());
                maxX = Math.max(maxX, p.windowStartMillis());
                maxY = Math.max(maxY, p.value());
            }
        }
        if (minX == Long.MAX_VALUE) {
            return "<p class=\"empty\">No data.</p>";
        }
        // every point sits in the middle of its window
        long fromX = minX;
        long toX = maxX + windowMillis;
        double topY = Axis.niceTop(maxY, Y_TICKS);
        Frame frame = new Frame(fromX, toX, topY);

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
        boolean severalDays = frame.toX - frame.fromX > 86_400_000L;
        long step = timeStep(frame.toX - frame.fromX);
        for (long t = Math.floorDiv(frame.fromX + step - 1, step) * step; t <= frame.toX; t += step) {
            double x = frame.x(t);
            String label = (severalDays ? DAY_AND_TIME : TIME).format(Instant.ofEpochMilli(t));
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, HEIGHT - BOTTOM, x,
                    HEIGHT - BOTTOM + 4));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x, HEIGHT - BOTTOM + 16, label));
        }
        svg.append(String.format(Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT,
                HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"unit\" x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>",
                (HEIGHT - BOTTOM + TOP) / 2, (HEIGHT - BOTTOM + TOP) / 2, Html.escape(yLabel)));
        svg.append(String.format(Locale.ROOT, "<text class=\"unit\" x=\"%d\" y=\"%d\" text-anchor=\"end\">UTC</text>",
                WIDTH - RIGHT, HEIGHT - 2));
    }

    /** A round tick interval (1 s up to 30 days) giving at most {@value #X_TICKS} ticks over {@code span}. */
    static long timeStep(long spanMillis) {
        long[] steps = {1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
            3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 7 * 86_400_000L, 30 * 86_400_000L};
        for (long step : steps) {
            if (spanMillis / step <= X_TICKS) {
                return step;
            }
        }
        return Math.max(1, spanMillis / X_TICKS);
    }

    private void appendSeries(StringBuilder svg, Frame frame, Series line, String color) {
        List<Point> points = new ArrayList<>(line.points());
        points.sort(java.util.Comparator.comparingLong(Point::windowStartMillis));
        String dash = line.dashed() ? " stroke-dasharray=\"5 4\"" : "";
        StringBuilder path = new StringBuilder();
        long previous = Long.MIN_VALUE;
        for (Point p : points) {
            double x = frame.x(p.windowStartMillis() + windowMillis / 2);
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
                    frame.x(p.windowStartMillis() + windowMillis / 2), frame.y(p.value()), color,
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

    private static final class Frame {
        private final long fromX;
        private final long toX;
        private final double topY;

        Frame(long fromX, long toX, double topY) {
            this.fromX = fromX;
            this.toX = toX;
            this.topY = topY;
        }

        double x(long t) {
            return LEFT + (double) (t - fromX) / (toX - fromX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / topY * (HEIGHT - BOTTOM - TOP);
        }
    }
}
