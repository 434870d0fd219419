package io.flowpulse.ingest;

import io.flowpulse.ingest.capture.CaptureLimits;
import io.flowpulse.ingest.mapping.EventTimeBounds;
import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The limits on what ingest and replay accept as input, shared by both:
 * <ul>
 * <li>{@value #MAX_LINE_BYTES}: longest capture line; a longer one is skipped to its end unread and dead-lettered</li>
 * <li>{@value #MAX_JSON_DEPTH}: deepest JSON nesting of a capture line</li>
 * <li>{@value #GZIP_MAX_RATIO}, {@value #GZIP_RATIO_AFTER_BYTES}: a gzip capture inflating more than this many
 * times, once this many bytes are out, is a decompression bomb: the file stops there</li>
 * <li>{@value #EARLIEST_EVENT_TIME}, {@value #MAX_EVENT_TIME_AHEAD}: event times accepted, from an RFC 3339
 * instant to the clock plus a duration</li>
 * </ul>
 */
public final class InputSettings {

    public static final String MAX_LINE_BYTES = "input.max-line-bytes";
    public static final String MAX_JSON_DEPTH = "input.max-json-depth";
    public static final String GZIP_MAX_RATIO = "input.gzip.max-ratio";
    public static final String GZIP_RATIO_AFTER_BYTES = "input.gzip.ratio-after-bytes";
    public static final String EARLIEST_EVENT_TIME = "input.event-time.earliest";
    public static final String MAX_EVENT_TIME_AHEAD = "input.event-time.max-ahead";

    public static final Map<String, String> DEFAULTS = CommonSettings.ordered(
            MAX_LINE_BYTES, Integer.toString(CaptureLimits.DEFAULT_MAX_LINE_BYTES),
            MAX_JSON_DEPTH, Integer.toString(CaptureLimits.DEFAULT_MAX_JSON_DEPTH),
            GZIP_MAX_RATIO, Integer.toString(CaptureLimits.DEFAULT_GZIP_MAX_RATIO),
            GZIP_RATIO_AFTER_BYTES, Long.toString(CaptureLimits.DEFAULT_GZIP_RATIO_AFTER_BYTES),
            EARLIEST_EVENT_TIME, EventTimeBounds.DEFAULT_EARLIEST.toString(),
            MAX_EVENT_TIME_AHEAD, "1d");

    private InputSettings() {
    }

    /** All the limits; see {@link #captureLimits} and {@link #eventTimeBounds}. */
    public static InputLimits limits(Config config) {
        return new InputLimits(captureLimits(config), eventTimeBounds(config));
    }

    /**
     * @throws Config.ConfigException   when a setting is missing or malformed
     * @throws IllegalArgumentException when a limit is out of range
     */
    public static CaptureLimits captureLimits(Config config) {
        int maxLineBytes = config.getInt(MAX_LINE_BYTES);
        int maxJsonDepth = config.getInt(MAX_JSON_DEPTH);
        int gzipMaxRatio = config.getInt(GZIP_MAX_RATIO);
        long gzipRatioAfterBytes = config.getLong(GZIP_RATIO_AFTER_BYTES);
        try {
            return new CaptureLimits(maxLineBytes, maxJsonDepth, gzipMaxRatio, gzipRatioAfterBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input.* settings: " + e.getMessage(), e);
        }
    }

    /**
     * @throws Config.ConfigException   when a setting is missing or malformed
     * @throws IllegalArgumentException when the earliest time is not an RFC 3339 instant
     */
    public static EventTimeBounds eventTimeBounds(Config config) {
        String earliest = config.get(EARLIEST_EVENT_TIME);
        try {
            return new EventTimeBounds(Instant.parse(earliest), config.getDuration(MAX_EVENT_TIME_AHEAD),
                    Clock.systemUTC());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(EARLIEST_EVENT_TIME + " '" + earliest
                    + "' is not an RFC 3339 instant such as 2000-01-01T00:00:00Z", e);
        }
    }
}
