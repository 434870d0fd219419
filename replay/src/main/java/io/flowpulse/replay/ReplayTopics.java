package io.flowpulse.replay;

import io.flowpulse.schemas.Topics;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics and application id of one replay run. Every name carries the run id, so a replay on a
 * shared cluster never reads or writes the live topics nor another replay's: topics are
 * {@code replay.<run-id>.<default name>}, the Kafka Streams application id is
 * {@code flowpulse-replay-<run-id>} (its internal topics start with it).
 */
public record ReplayTopics(String runId, String flows, String nodes, String links, String dns, String latency,
                           String alerts, String dlq) {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ReplayTopics forRun(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("a run id has 1 to 64 letters, digits, '-' or '_', got '" + runId + "'");
        }
        String prefix = "replay." + runId + ".";
        return new ReplayTopics(runId, prefix + Topics.FLOWS, prefix + Topics.NODES, prefix + Topics.LINKS,
                prefix + Topics.DNS, prefix + Topics.LATENCY, prefix + Topics.ALERTS, prefix + Topics.DLQ);
    }

    /** A run id that sorts by start time and is unique in practice: {@code 20260101-120000-1a2b3c}. */
    public static String newRunId(Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return STAMP.format(now) + "-" + HexFormat.of().formatHex(random);
    }

    public String applicationId() {
        return "flowpulse-replay-" + runId;
    }

    /** Internal topics of the application (repartition, changelogs) start with this. */
    public String internalTopicPrefix() {
        return applicationId() + "-";
    }

    public List<String> outputs() {
        return List.of(links, dns, latency, alerts);
    }

    public List<String> all() {
        return List.of(flows, nodes, links, dns, latency, alerts, dlq);
    }
}
