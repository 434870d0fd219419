package io.flowpulse.ingest.capture;

/**
 * What a capture may hold before it is refused, so that a hostile or broken file costs bounded memory
 * and time: longer lines are dead-lettered without being held, deeper JSON is dead-lettered before
 * a parser recurses into it, and a gzip stream that inflates far beyond what flows compress to stops
 * the file.
 *
 * @param maxLineBytes        longest line in bytes; longer ones are skipped to their end and dead-lettered
 * @param maxJsonDepth        deepest nesting of JSON objects and arrays in a line (a Hubble event needs about 8)
 * @param gzipMaxRatio        most decompressed bytes per compressed byte of a gzip capture
 * @param gzipRatioAfterBytes decompressed bytes read before the ratio is checked (small files may be extreme)
 */
public record CaptureLimits(int maxLineBytes, int maxJsonDepth, int gzipMaxRatio, long gzipRatioAfterBytes) {

    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;
    /** Hubble JSON compresses about 10 to 30 times; deflate's own limit is about 1032. */
    public static final int DEFAULT_GZIP_MAX_RATIO = 200;
    public static final long DEFAULT_GZIP_RATIO_AFTER_BYTES = 16L * 1024 * 1024;

    public static final CaptureLimits DEFAULTS = new CaptureLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_JSON_DEPTH,
            DEFAULT_GZIP_MAX_RATIO, DEFAULT_GZIP_RATIO_AFTER_BYTES);

    /** Bytes of a too-long line kept for its dead letter: enough to recognise it, well under Kafka's record limit. */
    static final int TOO_LONG_PREVIEW_BYTES = 64 * 1024;

    public CaptureLimits {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("the longest line must be positive, got " + maxLineBytes);
        }
        if (maxJsonDepth < 2) {
            throw new IllegalArgumentException("the JSON depth limit must be at least 2, got " + maxJsonDepth);
        }
        if (gzipMaxRatio < 1) {
            throw new IllegalArgumentException("the gzip ratio limit must be at least 1, got " + gzipMaxRatio);
        }
        if (gzipRatioAfterBytes < 0) {
            throw new IllegalArgumentException("the bytes before the gzip ratio check must not be negative, got "
                    + gzipRatioAfterBytes);
        }
    }

    /** These limits with another longest line. */
    public CaptureLimits withMaxLineBytes(int bytes) {
        return new CaptureLimits(bytes, maxJsonDepth, gzipMaxRatio, gzipRatioAfterBytes);
    }
}
