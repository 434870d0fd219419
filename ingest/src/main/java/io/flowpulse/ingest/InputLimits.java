package io.flowpulse.ingest;

import io.flowpulse.ingest.capture.CaptureLimits;
import io.flowpulse.ingest.mapping.EventTimeBounds;

/**
 * What input ingest and replay accept, read from the {@code input.*} settings ({@link InputSettings}).
 *
 * @param capture   limits of capture files: line length, JSON depth, gzip ratio
 * @param eventTime event times accepted from any source
 */
public record InputLimits(CaptureLimits capture, EventTimeBounds eventTime) {

    public static final InputLimits DEFAULTS = new InputLimits(CaptureLimits.DEFAULTS, EventTimeBounds.DEFAULTS);
}
