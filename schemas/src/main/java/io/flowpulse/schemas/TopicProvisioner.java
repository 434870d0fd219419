package io.flowpulse.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Flowpulse's topics when they are missing, with the settings each needs: the node
 * inventory compacted, everything else with a retention that does not delete replayed
 * records carrying old event timestamps.
 */
public final class TopicProvisioner {

    private final Properties adminProps;

    public TopicProvisioner(String bootstrapServers, Properties extra) {
        this.adminProps = new Properties();
        adminProps.putAll(extra);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    }

    /** The settings of a topic: compacted inventory, time-retained otherwise (-1 = keep). */
    public static Map<String, String> configFor(String topic, String nodesTopic, long retentionMs) {
        Map<String, String> config = new HashMap<>();
        if (topic.equals(nodesTopic)) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        }
        return config;
    }

    /**
     * Waits until every partition of the new topics has a leader that serves it: an idempotent
     * producer that sends before that can end up retrying an out-of-order sequence forever (its
     * first request is refused with NOT_LEADER_OR_FOLLOWER, a later one is taken, and every retry
     * of the first is then out of order). A leader in the metadata is not enough: the broker
     * publishes the new leader in its metadata before its replica manager has made the partition
     * its own, so this also asks each partition's leader for its end offset.
     */
    public static void awaitLeaders(Admin admin, List<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> waiting = new ArrayList<>(topics);
        while (!waiting.isEmpty()) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(waiting).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                List<String> led = waiting.stream()
                        .filter(t -> described.get(t).partitions().stream().allMatch(p -> p.leader() != null)).toList();
                if (servedByLeaders(admin, led, described)) {
                    waiting.removeAll(led);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no leader serving every partition of " + waiting + " after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** True when the leader of every partition of {@code topics} answers a ListOffsets request for it. */
    private static boolean servedByLeaders(Admin admin, List<String> topics, Map<String, TopicDescription> described)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String t : topics) {
            described.get(t).partitions().forEach(p -> partitions.put(new TopicPartition(t, p.partition()), OffsetSpec.latest()));
        }
        if (partitions.isEmpty()) {
            return true;
        }
        try {
            admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Creates the missing ones among {@code topics}; returns the names it created. Existing
     * topics are left as they are.
     */
    public List<String> ensure(List<String> topics, String nodesTopic, int partitions, short replication,
                               long retentionMs) {
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    int p = t.equals(nodesTopic) ? 1 : partitions;
                    missing.add(new NewTopic(t, p, replication).configs(configFor(t, nodesTopic, retentionMs)));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, created);
            return created;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot create topics on " + adminProps.get(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
