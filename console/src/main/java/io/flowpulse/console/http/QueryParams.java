package io.flowpulse.console.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The query string of an API request, checked strictly: only the parameters an endpoint names,
 * each at most once, each value of its expected form. Anything else is a
 * {@link BadRequestException} whose message says what was wrong.
 */
public final class QueryParams {

    /** Most characters in a query string. */
    public static final int MAX_QUERY_LENGTH = 2048;
    /** Most characters in one value. */
    public static final int MAX_VALUE_LENGTH = 256;

    /** Names of workloads, nodes, subnets and DNS clients: no control characters, no markup. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/@+\\-]{1,256}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parses {@code rawQuery} (as sent, percent-encoded; may be null), allowing only {@code allowed}. */
    public static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(values);
        }
        if (rawQuery.length() > MAX_QUERY_LENGTH) {
            throw new BadRequestException("query string longer than " + MAX_QUERY_LENGTH + " characters");
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new BadRequestException("unknown parameter '" + printable(name) + "'"
                        + (allowed.isEmpty() ? ": this endpoint takes none" : " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
            if (values.containsKey(name)) {
                throw new BadRequestException("parameter '" + name + "' given more than once");
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new BadRequestException("parameter '" + name + "' longer than " + MAX_VALUE_LENGTH + " characters");
            }
            values.put(name, value);
        }
        return new QueryParams(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A value out of a fixed set (case-insensitive, returned as listed). */
    public Optional<String> oneOf(String name, Set<String> choices) {
        String v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(v)) {
                return Optional.of(choice);
            }
        }
        throw new BadRequestException("parameter '" + name + "' must be one of " + String.join(", ", new TreeSet<>(choices))
                + ", got '" + printable(v) + "'");
    }

    /** A workload, node, subnet or client name. */
    public Optional<String> name(String name) {
        String v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!NAME.matcher(v).matches()) {
            throw new BadRequestException("parameter '" + name + "' is not a name (letters, digits and . _ : / @ + -), got '"
                    + printable(v) + "'");
        }
        return Optional.of(v);
    }

    /** A whole number within [min, max]. */
    public OptionalInt intIn(String name, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!DIGITS.matcher(v).matches()) {
            throw new BadRequestException("parameter '" + name + "' must be a whole number, got '" + printable(v) + "'");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new BadRequestException("parameter '" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return OptionalInt.of((int) n);
    }

    /** An event id: a non-negative whole number. */
    public OptionalLong eventId(String name) {
        String v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(parseEventId(name, v));
    }

    /** Parses an event id from a parameter or the {@code Last-Event-ID} header. */
    public static long parseEventId(String what, String v) {
        if (!DIGITS.matcher(v.trim()).matches()) {
            throw new BadRequestException(what + " must be an event id (a whole number), got '" + printable(v) + "'");
        }
        return Long.parseLong(v.trim());
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed percent-encoding in the query string");
        }
    }

    /** The value as it may be echoed in a reason: at most 64 characters, nothing unprintable. */
    static String printable(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length() && sb.length() < 64; i++) {
            char c = v.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '<' || c == '>' ? '?' : c);
        }
        return v.length() > 64 ? sb + "..." : sb.toString();
    }
}
