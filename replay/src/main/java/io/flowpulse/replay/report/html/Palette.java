package io.flowpulse.replay.report.html;

/** Distinguishable colours for chart series, reused in turn. */
final class Palette {

    private static final String[] COLORS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Palette() {
    }

    static String color(int index) {
        return COLORS[Math.floorMod(index, COLORS.length)];
    }
}
