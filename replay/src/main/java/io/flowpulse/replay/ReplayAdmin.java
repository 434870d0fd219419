package io.flowpulse.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import io.flowpulse.schemas.TopicProvisioner;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The cluster operations of a replay: its topics, end offsets, the progress of its streams application. */
final class ReplayAdmin implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;

    ReplayAdmin(String bootstrapServers, Properties overrides) {
        Properties props = new Properties();
        props.putAll(overrides);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "flowpulse-replay-admin");
        this.admin = Admin.create(props);
    }

    /**
     * Creates the replay's topics. They keep their records forever (retention.ms=-1) because a replay
     * writes event times from the past, which a time retention would delete within minutes; the node
     * inventory is compacted.
     */
    void createTopics(ReplayTopics topics, int flowsPartitions) {
        List<NewTopic> create = new ArrayList<>();
        Map<String, String> keep = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        create.add(newTopic(topics.flows(), flowsPartitions).configs(keep));
        create.add(newTopic(topics.nodes(), 1).configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        for (String output : topics.outputs()) {
            create.add(newTopic(output, 1).configs(keep));
        }
        create.add(newTopic(topics.dlq(), 1).configs(keep));
        await(admin.createTopics(create).all(), "create the replay topics " + topics.all());
        try {
            TopicProvisioner.awaitLeaders(admin, topics.all());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the replay topics have no leaders yet: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the replay topics", e);
        }
    }

    /** With the cluster's default replication factor. */
    private static NewTopic newTopic(String name, int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty());
    }

    int partitions(String topic) {
        Map<String, TopicDescription> described = await(admin.describeTopics(List.of(topic)).allTopicNames(),
                "describe " + topic);
        return described.get(topic).partitions().size();
    }

    /** End offsets of every partition of the topics. */
    Map<TopicPartition, Long> endOffsets(List<String> topicNames) {
        Map<String, TopicDescription> described = await(admin.describeTopics(topicNames).allTopicNames(),
                "describe " + topicNames);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicDescription description : described.values()) {
            description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                await(admin.listOffsets(request).all(), "read the end offsets of " + topicNames);
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** The application's repartition topics (they appear once it has started), sorted. */
    List<String> repartitionTopics(ReplayTopics topics) {
        return await(admin.listTopics().names(), "list topics").stream()
                .filter(t -> t.startsWith(topics.internalTopicPrefix()) && t.endsWith("-repartition"))
                .sorted().toList();
    }

    Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
        return await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                "read the committed offsets of " + groupId);
    }

    /** Deletes the replay's topics and the internal topics of its application; returns what it deleted. */
    List<String> deleteTopics(ReplayTopics topics) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<String> delete = new ArrayList<>();
        for (String topic : existing) {
            if (topics.all().contains(topic) || topic.startsWith(topics.internalTopicPrefix())) {
                delete.add(topic);
            }
        }
        if (!delete.isEmpty()) {
            try {
                admin.deleteTopics(delete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new ReplayException("cannot delete the replay topics " + delete + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new ReplayException("timed out deleting the replay topics " + delete, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("interrupted while deleting the replay topics", e);
            }
        }
        return delete;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaUnavailableException("Kafka did not answer when asked to " + what + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            throw new ReplayException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not answer within " + TIMEOUT_SECONDS + " s when asked to "
                    + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
