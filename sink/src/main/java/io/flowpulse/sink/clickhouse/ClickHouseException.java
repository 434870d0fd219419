package io.flowpulse.sink.clickhouse;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed ClickHouse request. {@link #isDataError()} tells a batch ClickHouse refused
 * because of what is in it (splitting it finds the bad rows) from everything else
 * (server down, overloaded, misconfigured), which is retried.
 */
public final class ClickHouseException extends Exception {

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    /** Error codes about the data of an insert: parse failures, type and size mismatches. */
    private static final Set<Integer> DATA_ERROR_CODES = Set.of(
            6,   // CANNOT_PARSE_TEXT
            26,  // CANNOT_PARSE_QUOTED_STRING
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            32,  // ATTEMPT_TO_READ_AFTER_EOF
            33,  // CANNOT_READ_ALL_DATA
            38,  // CANNOT_PARSE_DATE
            41,  // CANNOT_PARSE_DATETIME
            53,  // TYPE_MISMATCH
            69,  // ARGUMENT_OUT_OF_BOUND
            70,  // CANNOT_CONVERT_TYPE
            72,  // CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            128, // TOO_LARGE_ARRAY_SIZE
            131, // TOO_LARGE_STRING_SIZE
            190  // SIZES_OF_ARRAYS_DOESNT_MATCH (Nested columns)
    );

    private final int httpStatus;
    private final int code;

    public ClickHouseException(String message, int httpStatus, int code, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** From an HTTP error response: the status and ClickHouse's "Code: N, ..." body. */
    public static ClickHouseException fromResponse(String what, int httpStatus, String body) {
        Matcher m = CODE.matcher(body == null ? "" : body);
        int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
        String text = body == null ? "" : body.strip();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        return new ClickHouseException(what + " failed: HTTP " + httpStatus + ": " + text, httpStatus, code, null);
    }

    /** The server could not be reached or did not answer in time. */
    public static ClickHouseException unreachable(String what, Throwable cause) {
        String detail = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new ClickHouseException(what + " failed: ClickHouse unreachable (" + detail + ")", -1, -1, cause);
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** ClickHouse's error code, -1 when there was none (e.g. connection refused). */
    public int code() {
        return code;
    }

    public boolean isDataError() {
        return DATA_ERROR_CODES.contains(code);
    }
}
