package io.flowpulse.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The setting keys of the topics ({@code topics.flows}, ...) with the names of {@link Topics} as
 * their defaults: every service takes the defaults of the topics it uses from here.
 */
public final class TopicSettings {

    public static final String FLOWS = "topics.flows";
    public static final String NODES = "topics.nodes";
    public static final String LINKS = "topics.links";
    public static final String DNS = "topics.dns";
    public static final String LATENCY = "topics.latency";
    public static final String ALERTS = "topics.alerts";
    public static final String DLQ = "topics.dlq";

    /** Every topic key with its default name. */
    public static final Map<String, String> DEFAULTS = defaults(FLOWS, NODES, LINKS, DNS, LATENCY, ALERTS, DLQ);

    private TopicSettings() {
    }

    /** The defaults of these topic keys, in the order given. */
    public static Map<String, String> defaults(String... keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys) {
            out.put(key, switch (key) {
                case FLOWS -> Topics.FLOWS;
                case NODES -> Topics.NODES;
                case LINKS -> Topics.LINKS;
                case DNS -> Topics.DNS;
                case LATENCY -> Topics.LATENCY;
                case ALERTS -> Topics.ALERTS;
                case DLQ -> Topics.DLQ;
                default -> throw new IllegalArgumentException("not a topic setting: " + key);
            });
        }
        return Collections.unmodifiableMap(out);
    }
}
