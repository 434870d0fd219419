package io.flowpulse.flink.bench;

import io.flowpulse.runtime.Config;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import io.flowpulse.streams.topology.FlowpulseTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One timed run of the Kafka Streams service ({@link StreamsApp}, as {@code flowpulse streams} runs it)
 * over a flows topic that already holds the input and its end markers, for a child JVM on the
 * project's Kafka client: {@code RESULT BOOTSTRAP REGISTRY FLOWS_TOPIC PARTITIONS RUN TOPOLOGY_FILE}.
 * Timed from {@code start()} until the application's committed offsets reach the end of the flows topic
 * and of its partials topic; writes the milliseconds and the input and late counts to RESULT.
 */
public final class StreamsServiceRun {

    private StreamsServiceRun() {
    }

    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        String bootstrap = args[1];
        String flows = args[3];
        int partitions = Integer.parseInt(args[4]);
        String run = args[5];
        String applicationId = "bench-streams-" + run;
        Map<String, String> overrides = new HashMap<>();
        overrides.put("kafka.bootstrap.servers", bootstrap);
        overrides.put("schema.registry.url", args[2]);
        overrides.put("streams.application.id", applicationId);
        overrides.put("streams.state.dir", Files.createTempDirectory("bench-streams").toString());
        overrides.put("streams.topology.file", args[6]);
        overrides.put("topics.flows", flows);
        overrides.put("topics.partitions", Integer.toString(partitions));
        for (String topic : List.of("nodes", "links", "dns", "latency", "alerts", "dlq")) {
            overrides.put("topics." + topic, "bench." + topic + ".streams-" + run);
        }
        overrides.put("topics.retention.ms", "-1");
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", "0");
        StreamsSettings settings = StreamsSettings.from(Config.builder().defaults(StreamsSettings.DEFAULTS)
                .overrides(overrides).build());
        String partials = applicationId + "-" + FlowpulseTopology.PARTIALS + "-repartition";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             StreamsApp app = new StreamsApp(settings)) {
            long started = System.nanoTime();
            app.start();
            while (app.pipelineMetrics().endMarkers().count() < partitions
                    || !caughtUp(admin, applicationId, flows) || !caughtUp(admin, applicationId, partials)) {
                if (app.failure() != null) {
                    throw new IllegalStateException("the streams service failed", app.failure());
                }
                Thread.sleep(50);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Files.writeString(result, millis + " " + (long) app.pipelineMetrics().inputRecords().count() + " "
                    + (long) app.pipelineMetrics().lateRecords().count());
        }
        System.exit(0);
    }

    private static boolean caughtUp(Admin admin, String group, String topic) throws Exception {
        Map<String, org.apache.kafka.clients.admin.TopicDescription> described =
                admin.describeTopics(List.of(topic)).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.get(topic).partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (var end : admin.listOffsets(request).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                return false;
            }
        }
        return true;
    }
}
