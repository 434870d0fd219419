package io.flowpulse.sink.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse server version as {@code SELECT version()} prints it ("18.16.1",
 * "24.8.4.13"), and the features the sink uses only where the server has them.
 */
public record ServerVersion(int major, int minor, String text) {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.\\d+)*.*$");

    public static ServerVersion parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = VERSION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a ClickHouse version: '" + t + "'");
        }
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), t);
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /** Table-level TTL arrived in 19.6. */
    public boolean supportsTtl() {
        return atLeast(19, 6);
    }

    /** LowCardinality needs no experimental setting from 19.9 on. */
    public boolean supportsLowCardinality() {
        return atLeast(19, 9);
    }

    @Override
    public String toString() {
        return text;
    }
}
