package io.flowpulse.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Drops the Kafka client's warning that a metadata response "reported a recoverable issue" when
 * every topic it names is a Kafka Streams internal topic ({@code -repartition}, {@code -changelog})
 * that is not there yet. Kafka Streams creates those topics itself during its first rebalance and
 * its consumers ask for them a few times before; the warning comes once per consumer and retry and
 * says nothing a user can act on. The same warning for any other topic (the flows topic missing,
 * a mistyped name) is kept.
 */
public final class InternalTopicStartupNoise extends TurboFilter {

    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private static final String RECOVERABLE_ISSUE = "The metadata response from the cluster reported a recoverable issue";
    private static final String NOT_THERE_YET = "UNKNOWN_TOPIC_OR_PARTITION";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null || !NETWORK_CLIENT.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        int issue = format.indexOf(RECOVERABLE_ISSUE);
        if (issue < 0) {
            return FilterReply.NEUTRAL;
        }
        // Kafka's LogContext formats the message itself, so the topics are read from the text
        Map<String, String> errors = errorsIn(format, issue);
        return errors != null && onlyInternalTopicsMissing(errors) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** The {@code {topic=ERROR, ...}} part of a formatted message, or null if there is none. */
    static Map<String, String> errorsIn(String message, int from) {
        int open = message.indexOf('{', from);
        int close = message.lastIndexOf('}');
        if (open < 0 || close < open) {
            return null;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (String entry : message.substring(open + 1, close).split(", ")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            errors.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return errors;
    }

    static boolean onlyInternalTopicsMissing(Map<String, String> errorsByTopic) {
        if (errorsByTopic.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> entry : errorsByTopic.entrySet()) {
            String topic = entry.getKey();
            boolean internal = topic.endsWith("-repartition") || topic.endsWith("-changelog");
            if (!internal || !NOT_THERE_YET.equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }
}
