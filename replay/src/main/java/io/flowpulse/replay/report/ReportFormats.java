package io.flowpulse.replay.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the report writes times and fractional numbers, so that the JSON and the HTML agree and two
 * runs over the same input give the same bytes (docs/replay-report.md).
 */
public final class ReportFormats {

    /** Milliseconds carry microsecond precision: at most 3 decimals. */
    public static final int MILLIS_DECIMALS = 3;
    /** Ratios (drop rate, alert values and thresholds): at most 6 decimals. */
    public static final int RATIO_DECIMALS = 6;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportFormats() {
    }

    /** RFC 3339 UTC with whole seconds, for window boundaries: {@code 2021-10-04T11:22:00Z}. */
    public static String windowTime(Instant time) {
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("a window boundary falls on a whole second, got " + time);
        }
        return SECONDS.format(time);
    }

    /** RFC 3339 UTC with exactly 6 fractional digits, for event times: {@code 2021-10-04T11:22:26.592280Z}. */
    public static String eventTime(Instant time) {
        return MICROS.format(time);
    }

    /** Milliseconds rounded half-up to 3 decimals, trailing zeros dropped: {@code 12.5}, {@code 0.001}, {@code 7}. */
    public static String millis(String field, double value) {
        return decimal(field, value, MILLIS_DECIMALS);
    }

    /** A ratio or alert value rounded half-up to 6 decimals, trailing zeros dropped. */
    public static String ratio(String field, double value) {
        return decimal(field, value, RATIO_DECIMALS);
    }

    private static String decimal(String field, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " is " + value + ", which JSON cannot carry");
        }
        BigDecimal rounded = new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP);
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
