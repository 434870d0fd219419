package io.flowpulse.console.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowpulse.console.json.RecordJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The pipeline's flow rates, from Kafka alone: how fast the flows topic and the results topics
 * grow (their end offsets), how fast each consumer group of them moves (its committed offsets)
 * and how far behind it is, and the console's own reading. One {@link #sample()} is one
 * {@code stats} event.
 *
 * <p>Stages: {@code ingest} (records into the flows topic), one per group consuming the flows
 * topic (the streams application: flows consumed), {@code results} (windows and alerts written),
 * one per group consuming the results topics (the sink), and {@code console}.
 */
public final class PipelineStats {

    /** What the console knows about itself for its stage. */
    public interface ConsoleSide {
        long recordsRead();

        long lag();

        int clients();
    }

    private static final long TIMEOUT_S = 5;

    private final Admin admin;
    private final String flowsTopic;
    private final List<String> resultTopics;
    private final ConsoleSide console;
    private final LongSupplier clock;
    private final RateTracker rates = new RateTracker();

    public PipelineStats(Admin admin, String flowsTopic, List<String> resultTopics, ConsoleSide console,
                         LongSupplier clock) {
        this.admin = admin;
        this.flowsTopic = flowsTopic;
        this.resultTopics = List.copyOf(resultTopics);
        this.console = console;
        this.clock = clock;
    }

    /** One stats event's data. Parts that Kafka could not answer are left out, never guessed. */
    public String sample() throws Exception {
        long now = clock.getAsLong();
        List<String> topics = new ArrayList<>(resultTopics);
        topics.add(flowsTopic);
        Map<TopicPartition, Long> ends = endOffsets(topics);
        long flowsEnd = sum(ends, Set.of(flowsTopic));
        long resultsEnd = sum(ends, new HashSet<>(resultTopics));

        ObjectNode root = RecordJson.mapper().createObjectNode();
        root.put("time", now);
        ArrayNode stages = root.putArray("stages");
        Set<String> names = new HashSet<>();
        stage(stages, names, "ingest", "records into " + flowsTopic, flowsEnd, now, null, null);
        Map<String, Map<TopicPartition, Long>> groups = groupOffsets(topics);
        List<String> flowGroups = new ArrayList<>();
        List<String> resultGroups = new ArrayList<>();
        groups.forEach((group, committed) -> {
            if (committed.keySet().stream().anyMatch(p -> p.topic().equals(flowsTopic))) {
                flowGroups.add(group);
            } else if (committed.keySet().stream().anyMatch(p -> resultTopics.contains(p.topic()))) {
                resultGroups.add(group);
            }
        });
        for (String group : flowGroups) {
            Map<TopicPartition, Long> committed = only(groups.get(group), Set.of(flowsTopic));
            stage(stages, names, "streams", "flows consumed by " + group, sumValues(committed), now, group,
                    lag(committed, ends));
        }
        stage(stages, names, "results", "windows and alerts written", resultsEnd, now, null, null);
        for (String group : resultGroups) {
            Map<TopicPartition, Long> committed = only(groups.get(group), new HashSet<>(resultTopics));
            stage(stages, names, group.contains("sink") ? "sink" : "consumer",
                    "results consumed by " + group, sumValues(committed), now, group, lag(committed, ends));
        }
        ObjectNode c = stage(stages, names, "console", "records read by the console", console.recordsRead(), now,
                null, console.lag() < 0 ? null : console.lag());
        c.put("clients", console.clients());
        rates.retain(names);
        return RecordJson.write(root);
    }

    private ObjectNode stage(ArrayNode stages, Set<String> names, String stage, String detail, long total, long now,
                             String group, Long lag) {
        String key = stage + "/" + (group == null ? "" : group);
        names.add(key);
        ObjectNode s = stages.addObject();
        s.put("stage", stage);
        if (group != null) {
            s.put("group", group);
        }
        s.put("detail", detail);
        s.put("total", total);
        s.put("rate", Math.round(rates.rate(key, total, now) * 10) / 10.0);
        if (lag != null) {
            s.put("lag", lag);
        }
        return s;
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<String, org.apache.kafka.clients.admin.TopicDescription> described = new HashMap<>();
        for (String topic : topics) {
            try {
                described.putAll(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                // not created yet
            }
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> {
            for (TopicPartitionInfo p : d.partitions()) {
                request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
        });
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT_S, TimeUnit.SECONDS).forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** Committed offsets on {@code topics}, per consumer group that has any. */
    private Map<String, Map<TopicPartition, Long>> groupOffsets(List<String> topics) {
        Map<String, Map<TopicPartition, Long>> out = new TreeMap<>();
        List<String> groupIds = new ArrayList<>();
        try {
            for (GroupListing g : admin.listGroups().all().get(TIMEOUT_S, TimeUnit.SECONDS)) {
                if (g.protocol() == null || g.protocol().isEmpty() || g.protocol().equals("consumer")) {
                    groupIds.add(g.groupId());
                }
            }
        } catch (Exception e) {
            return out;
        }
        for (String group : groupIds) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
                Map<TopicPartition, Long> mine = new HashMap<>();
                committed.forEach((p, o) -> {
                    if (o != null && topics.contains(p.topic())) {
                        mine.put(p, o.offset());
                    }
                });
                if (!mine.isEmpty()) {
                    out.put(group, mine);
                }
            } catch (Exception e) {
                // a group that went away between the two calls
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> only(Map<TopicPartition, Long> offsets, Set<String> topics) {
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((p, o) -> {
            if (topics.contains(p.topic())) {
                out.put(p, o);
            }
        });
        return out;
    }

    private static long lag(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (committed.containsKey(e.getKey()) || committed.keySet().stream().anyMatch(p -> p.topic().equals(e.getKey().topic()))) {
                lag += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
            }
        }
        return lag;
    }

    private static long sum(Map<TopicPartition, Long> offsets, Set<String> topics) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            if (topics.contains(e.getKey().topic())) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static long sumValues(Map<TopicPartition, Long> offsets) {
        long total = 0;
        for (long v : offsets.values()) {
            total += v;
        }
        return total;
    }
}
