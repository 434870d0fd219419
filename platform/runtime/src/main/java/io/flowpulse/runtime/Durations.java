package io.flowpulse.runtime;

import java.time.Duration;
import java.util.Locale;

/** Parses human durations: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d}, plain seconds, or ISO-8601. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        double amount = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim();
        double millis;
        switch (unit) {
            case "ms": millis = amount; break;
            case "": case "s": case "sec": millis = amount * 1_000; break;
            case "m": case "min": millis = amount * 60_000; break;
            case "h": millis = amount * 3_600_000; break;
            case "d": millis = amount * 86_400_000; break;
            default: throw new IllegalArgumentException("unknown unit '" + unit + "' in " + text);
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
