package io.flowpulse.flink;

import io.flowpulse.schemas.TopicProvisioner;
import io.flowpulse.streams.topology.TopologySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the analytics job, over Kafka, on a local Flink mini-cluster inside this JVM: the entry point
 * for commands such as {@code flowpulse replay --engine flink} (a bounded run: {@link #runLocal} with
 * {@code bounded = true} returns once every record that was in the flows topic at the start has been
 * analysed, every window closed and every result committed) and {@code flowpulse streams --engine flink}
 * (a live run: {@link #startLocal}, then {@link LocalFlinkJob#cancel()} or
 * {@link LocalFlinkJob#stopWithSavepoint} to stop). Everything the mini-cluster opens is bound to
 * 127.0.0.1 on free ports.
 */
public final class FlinkEngine {

    public static final String JOB_NAME = "flowpulse-analytics";
    static final int DEFAULT_PARTITIONS = 4;
    static final long DEFAULT_RETENTION_MS = 604_800_000L;

    private FlinkEngine() {
    }

    /** Runs the job and waits for its end (a bounded run's input end, or cancellation of a live run). */
    public static FlinkRunResult runLocal(FlinkSettings settings) throws Exception {
        try (LocalFlinkJob job = startLocal(settings)) {
            return job.await();
        }
    }

    /**
     * Starts the job on a new local mini-cluster and returns at once. Topics of the job that do not
     * exist yet are created first, as the streams service creates them ({@link #ensureTopics}).
     */
    public static LocalFlinkJob startLocal(FlinkSettings settings) throws Exception {
        ensureTopics(settings, DEFAULT_PARTITIONS, (short) 1, DEFAULT_RETENTION_MS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(),
                localConfiguration(settings));
        FlowpulseFlinkJob.build(env, KafkaConnectors.sources(settings), KafkaConnectors.sinks(settings),
                settings.jobParams());
        JobClient client = env.executeAsync(JOB_NAME);
        return new LocalFlinkJob(client);
    }

    /**
     * Creates the missing topics of the job (flows, node inventory, results, alerts, dead letters) with
     * the streams service's settings for them (compacted inventory of one partition); existing topics
     * stay as they are. Returns the topics it created.
     */
    public static List<String> ensureTopics(FlinkSettings settings, int partitions, short replication,
                                            long retentionMs) {
        TopologySettings a = settings.analytics();
        List<String> topics = new ArrayList<>(List.of(a.flowsTopic(), a.nodesTopic(), a.linksTopic(), a.dnsTopic(),
                a.latencyTopic(), a.alertsTopic()));
        if (settings.dlqTopic() != null) {
            topics.add(settings.dlqTopic());
        }
        Properties kafka = new Properties();
        settings.kafka().forEach((k, v) -> {
            if (!k.toString().startsWith("schema.registry.")) {
                kafka.put(k, v);
            }
        });
        return new TopicProvisioner(settings.bootstrapServers(), kafka).ensure(topics, a.nodesTopic(), partitions,
                replication, retentionMs);
    }

    /** The job's own options (checkpoints, state, restore), for a local run or a cluster. */
    public static Configuration jobConfiguration(FlinkSettings settings) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                Duration.ofMillis(Math.min(1_000, settings.checkpointInterval().toMillis() / 2)));
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        if (settings.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        if (settings.restoreFrom() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, settings.restoreFrom());
        }
        // every type crossing the network has a Flink serializer of its own; Kryo would be a mistake
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        return conf;
    }

    /** A small mini-cluster on 127.0.0.1 (REST, RPC, blob and data ports free, nothing on other interfaces). */
    public static Configuration localConfiguration(FlinkSettings settings) {
        Configuration conf = jobConfiguration(settings);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(NettyShuffleEnvironmentOptions.DATA_BIND_PORT, "0");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(16));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(32));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(32));
        // a local run fails after a few quick retries instead of retrying for ever
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        return conf;
    }
}
