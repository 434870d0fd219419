package io.flowpulse.replay.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An inline SVG chart of horizontal bars, one per row, each split into coloured parts by category. */
final class StackedBarChart {

    /** @param parts count per category, in the order they are drawn */
    record Bar(String label, Map<String, Long> parts) {
        long total() {
            long sum = 0;
            for (long n : parts.values()) {
                sum += n;
            }
            return sum;
        }
    }

    private static final int WIDTH = 920;
    private static final int LABEL_WIDTH = 260;
    private static final int RIGHT = 70;
    private static final int ROW = 22;

    private final List<String> categories;
    private final List<Bar> bars = new ArrayList<>();

    /** @param categories every category in legend and drawing order; each gets its colour by position */
    StackedBarChart(List<String> categories) {
        this.categories = List.copyOf(categories);
    }

    StackedBarChart add(Bar bar) {
        bars.add(bar);
        return this;
    }

    String toSvg() {
        if (bars.isEmpty()) {
            return "<p class=\"empty\">No data.</p>";
        }
        long max = 1;
        for (Bar bar : bars) {
            max = Math.max(max, bar.total());
        }
        int legendRows = (categories.size() + 5) / 6;
        int height = bars.size() * ROW + 8 + legendRows * 18 + 6;
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">");
        double scale = (double) (WIDTH - LABEL_WIDTH - RIGHT) / max;
        for (int row = 0; row < bars.size(); row++) {
            Bar bar = bars.get(row);
            int y = 4 + row * ROW;
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LABEL_WIDTH - 8, y + 14, Html.escape(TimeSeriesChart.shorten(bar.label(), 40))));
            double x = LABEL_WIDTH;
            for (int c = 0; c < categories.size(); c++) {
                long n = bar.parts().getOrDefault(categories.get(c), 0L);
                if (n == 0) {
                    continue;
                }
                double w = n * scale;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %d</title></rect>",
                        x, y + 2, w, ROW - 6, Palette.color(c), Html.escape(bar.label()),
                        Html.escape(categories.get(c)), n));
                x += w;
            }
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%d</text>", x + 6, y + 14,
                    bar.total()));
        }
        int legendTop = 8 + bars.size() * ROW;
        int columnWidth = (WIDTH - LABEL_WIDTH) / 6;
        for (int c = 0; c < categories.size(); c++) {
            int x = LABEL_WIDTH + (c % 6) * columnWidth;
            int y = legendTop + (c / 6) * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    x, y, Palette.color(c)));
            svg.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>", x + 16, y + 10,
                    Html.escape(categories.get(c))));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    /** Sums per-category counts into an insertion-ordered map. */
    static Map<String, Long> sum(Map<String, Long> into, Map<String, Long> more) {
        Map<String, Long> result = new LinkedHashMap<>(into);
        more.forEach((k, v) -> result.merge(k, v, Long::sum));
        return result;
    }
}
