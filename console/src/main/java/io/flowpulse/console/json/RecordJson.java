package io.flowpulse.console.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowpulse.console.history.ConsoleEvent;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsLatency;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.schemas.avro.Node;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON the console sends for each result record. Field names are those of the Avro schemas
 * (and of the analytics specification); times are epoch milliseconds; window records carry
 * {@code "record": "link" | "dns" | "latency"}. Maps come out sorted by key, so equal records
 * give equal text. Numbers that are not finite become null.
 */
public final class RecordJson {

    /** A record as a console event: its SSE event name and its data. */
    public record Mapped(String type, String json) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    /** Any value of the results topics; empty for a type the console does not show. */
    public static Optional<Mapped> of(Object value) {
        if (value instanceof LinkWindow l) {
            return Optional.of(new Mapped(ConsoleEvent.WINDOW, link(l)));
        }
        if (value instanceof DnsWindow d) {
            return Optional.of(new Mapped(ConsoleEvent.WINDOW, dns(d)));
        }
        if (value instanceof LatencyWindow w) {
            return Optional.of(new Mapped(ConsoleEvent.WINDOW, latency(w)));
        }
        if (value instanceof Alert a) {
            return Optional.of(new Mapped(ConsoleEvent.ALERT, alert(a)));
        }
        return Optional.empty();
    }

    /**
     * What makes a result unique: the window's key and start, or the alert's id, state and window.
     * The same record read from ClickHouse and from Kafka has the same identity.
     */
    public static String identity(Object value) {
        if (value instanceof LinkWindow l) {
            return identity("link", l.getLevel(), l.getSrc(), l.getDst(), millis(l.getWindowStart()));
        }
        if (value instanceof DnsWindow d) {
            return identity("dns", d.getClient(), millis(d.getWindowStart()));
        }
        if (value instanceof LatencyWindow w) {
            return identity("latency", w.getLevel(), w.getKind(), w.getSrc(), w.getDst(), millis(w.getWindowStart()));
        }
        if (value instanceof Alert a) {
            return identity("alert", a.getId(), a.getState(), millis(a.getWindowStart()));
        }
        return "";
    }

    /** The identity of parts, as {@link #identity(Object)} forms it. */
    public static String identity(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    public static String link(LinkWindow r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("record", "link");
        o.put("level", str(r.getLevel()));
        o.put("src", str(r.getSrc()));
        o.put("dst", str(r.getDst()));
        window(o, r.getWindowStart(), r.getWindowEnd());
        o.put("forwarded", r.getForwarded());
        o.put("dropped", r.getDropped());
        o.put("other", r.getOther());
        number(o, "drop_rate", r.getDropRate());
        counts(o.putObject("drop_reasons"), r.getDropReasons());
        return write(o);
    }

    public static String dns(DnsWindow r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("record", "dns");
        o.put("client", str(r.getClient()));
        window(o, r.getWindowStart(), r.getWindowEnd());
        o.put("queries", r.getQueries());
        o.put("responses", r.getResponses());
        counts(o.putObject("rcodes"), r.getRcodes());
        DnsLatency latency = r.getLatencyMs();
        if (latency == null) {
            o.putNull("latency_ms");
        } else {
            ObjectNode l = o.putObject("latency_ms");
            number(l, "p50", latency.getP50());
            number(l, "p95", latency.getP95());
            number(l, "p99", latency.getP99());
            number(l, "max", latency.getMax());
        }
        o.put("distinct_names", r.getDistinctNames());
        ArrayNode top = o.putArray("top_nxdomain");
        for (NameCount nc : r.getTopNxdomain()) {
            top.addObject().put("name", str(nc.getName())).put("count", nc.getCount());
        }
        ArrayNode suspicious = o.putArray("suspicious_names");
        for (CharSequence name : r.getSuspiciousNames()) {
            suspicious.add(str(name));
        }
        return write(o);
    }

    public static String latency(LatencyWindow r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("record", "latency");
        o.put("level", str(r.getLevel()));
        o.put("kind", str(r.getKind()));
        o.put("src", str(r.getSrc()));
        o.put("dst", str(r.getDst()));
        window(o, r.getWindowStart(), r.getWindowEnd());
        o.put("samples", r.getSamples());
        number(o, "min_ms", r.getMinMs());
        number(o, "p50_ms", r.getP50Ms());
        number(o, "p90_ms", r.getP90Ms());
        number(o, "p99_ms", r.getP99Ms());
        number(o, "max_ms", r.getMaxMs());
        number(o, "mean_ms", r.getMeanMs());
        number(o, "stddev_ms", r.getStddevMs());
        number(o, "jitter_ms", r.getJitterMs());
        o.put("exact", r.getExact());
        return write(o);
    }

    public static String alert(Alert r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", str(r.getId()));
        o.put("kind", str(r.getKind()));
        o.put("severity", str(r.getSeverity()));
        o.put("subject", str(r.getSubject()));
        o.put("state", str(r.getState()));
        window(o, r.getWindowStart(), r.getWindowEnd());
        number(o, "value", r.getValue());
        number(o, "threshold", r.getThreshold());
        o.put("message", str(r.getMessage()));
        return write(o);
    }

    public static String node(Node r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", str(r.getName()));
        o.put("subnet", str(r.getSubnet()));
        strings(o.putArray("addresses"), r.getAddresses());
        strings(o.putArray("pod_cidrs"), r.getPodCidrs());
        ObjectNode labels = o.putObject("labels");
        new TreeMap<>(stringKeys(r.getLabels())).forEach((k, v) -> labels.put(k, str(v)));
        return write(o);
    }

    /** The {@code node} event: the node's record, or {@code {"name": .., "removed": true}}. */
    public static String nodeEvent(String name, String nodeJson) {
        if (nodeJson != null) {
            return nodeJson;
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", name);
        o.put("removed", true);
        return write(o);
    }

    /** A JSON string literal (quotes included). */
    public static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static void window(ObjectNode o, Instant start, Instant end) {
        o.put("window_start", start == null ? 0 : start.toEpochMilli());
        o.put("window_end", end == null ? 0 : end.toEpochMilli());
    }

    private static void number(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    private static void counts(ObjectNode target, Map<? extends CharSequence, Long> counts) {
        if (counts != null) {
            new TreeMap<>(stringKeys(counts)).forEach(target::put);
        }
    }

    private static void strings(ArrayNode target, List<? extends CharSequence> values) {
        if (values != null) {
            values.forEach(v -> target.add(str(v)));
        }
    }

    private static <V> Map<String, V> stringKeys(Map<? extends CharSequence, V> map) {
        Map<String, V> out = new TreeMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(str(k), v));
        }
        return out;
    }

    private static String str(CharSequence s) {
        return s == null ? "" : s.toString();
    }
}
