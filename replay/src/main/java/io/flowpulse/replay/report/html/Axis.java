package io.flowpulse.replay.report.html;

import java.util.ArrayList;
import java.util.List;

/** Round tick values for a linear value axis starting at 0. */
final class Axis {

    private Axis() {
    }

    /** A top value at or above {@code max} that divides into {@code ticks} round steps. */
    static double niceTop(double max, int ticks) {
        if (!(max > 0)) {
            return 1;
        }
        double rawStep = max / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)));
        double[] steps = {1, 2, 2.5, 5, 10};
        for (double step : steps) {
            if (step * magnitude >= rawStep) {
                return step * magnitude * ticks;
            }
        }
        return 10 * magnitude * ticks;
    }

    static List<Double> ticks(double top, int ticks) {
        List<Double> values = new ArrayList<>(ticks + 1);
        for (int i = 0; i <= ticks; i++) {
            values.add(top * i / ticks);
        }
        return values;
    }

    /** A tick label without needless decimals: 0, 0.05, 2.5, 1200. */
    static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(java.util.Locale.ROOT, "%.4f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
