package io.flowpulse.dashboards;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a panel's SQL into what the ClickHouse data source sends to the server: first Grafana
 * replaces template variables ({@code $name}, {@code ${name}}, {@code ${name:singlequote}}),
 * then the plugin's backend expands its macros against the panel's time range.
 *
 * <p>Only the macros whose expansion runs on ClickHouse 18.16 are accepted: {@code $__timeFilter(col)},
 * {@code $__fromTime}, {@code $__toTime}, {@code $__interval_s}. Any other macro (e.g.
 * {@code $__timeInterval}, the {@code *_ms} family that needs DateTime64) and any variable
 * without a value is an error, so a dashboard cannot silently depend on them.
 */
final class QueryExpander {

    private static final Pattern BRACED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?}");
    private static final Pattern BARE = Pattern.compile("\\$(?!__)([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(\\s*([^()]+?)\\s*\\)");
    private static final Pattern ANY_MACRO = Pattern.compile("\\$__[A-Za-z_]+");

    private final Instant from;
    private final Instant to;
    private final long intervalSeconds;

    /**
     * @param from            start of the panel's time range
     * @param to              end of the panel's time range
     * @param intervalSeconds the panel's interval (Grafana derives it from range and width, at least the panel's minimum)
     */
    QueryExpander(Instant from, Instant to, long intervalSeconds) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time range must start before it ends: " + from + " .. " + to);
        }
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("interval must be at least 1 s, got " + intervalSeconds);
        }
        this.from = from;
        this.to = to;
        this.intervalSeconds = intervalSeconds;
    }

    /** Variables (name -> selected values, already resolved from "All"), then macros. */
    String expand(String sql, Map<String, List<String>> variables) {
        return expandMacros(expandVariables(sql, variables));
    }

    static String expandVariables(String sql, Map<String, List<String>> variables) {
        Matcher braced = BRACED.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (braced.find()) {
            braced.appendReplacement(out, Matcher.quoteReplacement(
                    format(braced.group(1), braced.group(2), valuesOf(braced.group(1), variables))));
        }
        braced.appendTail(out);
        Matcher bare = BARE.matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (bare.find()) {
            bare.appendReplacement(result, Matcher.quoteReplacement(
                    format(bare.group(1), null, valuesOf(bare.group(1), variables))));
        }
        bare.appendTail(result);
        return result.toString();
    }

    String expandMacros(String sql) {
        Matcher filter = TIME_FILTER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (filter.find()) {
            String column = filter.group(1);
            filter.appendReplacement(out, Matcher.quoteReplacement(
                    column + " >= " + toDateTime(from) + " AND " + column + " <= " + toDateTime(to)));
        }
        filter.appendTail(out);
        String expanded = replaceMacro(out.toString(), "$__fromTime", toDateTime(from));
        expanded = replaceMacro(expanded, "$__toTime", toDateTime(to));
        expanded = replaceMacro(expanded, "$__interval_s", Long.toString(intervalSeconds));
        Matcher left = ANY_MACRO.matcher(expanded);
        if (left.find()) {
            throw new IllegalArgumentException("macro " + left.group()
                    + " is not one of $__timeFilter(col), $__fromTime, $__toTime, $__interval_s "
                    + "(the ones whose expansion runs on ClickHouse 18.16)");
        }
        return expanded;
    }

    /** Replaces a whole macro name only: {@code $__fromTime} but not the {@code $__fromTime_ms} macro. */
    private static String replaceMacro(String sql, String macro, String replacement) {
        return Pattern.compile(Pattern.quote(macro) + "(?![A-Za-z0-9_])").matcher(sql)
                .replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static String toDateTime(Instant t) {
        return "toDateTime(" + t.getEpochSecond() + ")";
    }

    private static List<String> valuesOf(String name, Map<String, List<String>> variables) {
        List<String> values = variables.get(name);
        if (values == null) {
            throw new IllegalArgumentException("variable $" + name + " has no value (not defined on the dashboard?)");
        }
        return values;
    }

    private static String format(String name, String format, List<String> values) {
        if (format == null) {
            if (values.size() != 1) {
                throw new IllegalArgumentException("$" + name + " has " + values.size()
                        + " values; a multi-value variable needs ${" + name + ":singlequote} in SQL");
            }
            return values.get(0);
        }
        if (format.equals("singlequote")) {
            return values.stream().map(QueryExpander::singleQuote).collect(Collectors.joining(","));
        }
        throw new IllegalArgumentException("format :" + format + " of $" + name + " is not used by these dashboards");
    }

    /** Grafana's singlequote format: the value in single quotes, a quote inside escaped with a backslash. */
    static String singleQuote(String value) {
        return "'" + value.replace("'", "\\'") + "'";
    }
}
