package io.flowpulse.simulator.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One injected fault: its kind, what it applies to, an optional time box in minutes from the
 * start of the simulation ([start, end), open-ended when absent) and kind-specific parameters
 * such as {@code fraction}, {@code reason}, {@code factor}, {@code rttMs}, {@code jitterMs}.
 */
public record FaultSpec(FaultKind kind, String target, Double startMinute, Double endMinute, Map<String, String> params) {

    public FaultSpec {
        Objects.requireNonNull(kind, "kind");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("fault " + kind.id() + " needs a target");
        }
        target = target.trim();
        params = Map.copyOf(params == null ? Map.of() : params);
        if (startMinute != null && endMinute != null && endMinute <= startMinute) {
            throw new IllegalArgumentException("fault " + kind.id() + "=" + target + ": end (" + endMinute
                    + ") must be after start (" + startMinute + ")");
        }
    }

    /**
     * Parses the command-line form {@code kind=target[,key=value...]}, e.g.
     * {@code policy-drop=shop/web->data/postgres,start=2,end=8}.
     */
    public static FaultSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("fault '" + text + "' is not of the form kind=target[,key=value...]");
        }
        FaultKind kind = FaultKind.byId(text.substring(0, eq));
        String[] parts = text.substring(eq + 1).split(",");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind.id());
        map.put("target", parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int kv = parts[i].indexOf('=');
            if (kv <= 0) {
                throw new IllegalArgumentException("fault '" + text + "': parameter '" + parts[i] + "' is not key=value");
            }
            map.put(parts[i].substring(0, kv).trim(), parts[i].substring(kv + 1).trim());
        }
        return fromMap(map);
    }

    /** Reads a fault from a model entry: {@code kind}, {@code target}, optional {@code start}/{@code end}, parameters. */
    public static FaultSpec fromMap(Map<String, Object> map) {
        Object kind = map.get("kind");
        if (kind == null) {
            throw new IllegalArgumentException("fault " + map + " has no kind");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Double start = null;
        Double end = null;
        String target = null;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            String value = String.valueOf(e.getValue());
            switch (key) {
                case "kind" -> { }
                case "target" -> target = value;
                case "start" -> start = number(kind, key, value);
                case "end" -> end = number(kind, key, value);
                default -> params.put(key, value);
            }
        }
        return new FaultSpec(FaultKind.byId(kind.toString()), target, start, end, params);
    }

    public boolean activeAt(double minute) {
        return (startMinute == null || minute >= startMinute) && (endMinute == null || minute < endMinute);
    }

    public double param(String key, double fallback) {
        String value = params.get(key);
        return value == null ? fallback : number(kind.id(), key, value);
    }

    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /** The form accepted by {@link #parse}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.id()).append('=').append(target);
        if (startMinute != null) {
            sb.append(",start=").append(trim(startMinute));
        }
        if (endMinute != null) {
            sb.append(",end=").append(trim(endMinute));
        }
        params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(',').append(e.getKey()).append('=').append(e.getValue()));
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static double number(Object kind, String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + kind + ": " + key + "=" + value + " is not a number");
        }
    }
}
