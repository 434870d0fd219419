package io.flowpulse.flink.bench;

import io.flowpulse.flink.FlinkEngine;
import io.flowpulse.flink.FlinkRunResult;
import io.flowpulse.flink.FlinkSettings;
import io.flowpulse.flink.testing.KafkaTestSupport;
import io.flowpulse.flink.testing.StreamsProcess;
import io.flowpulse.flink.testing.SyntheticCapture;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.streams.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Flink job against the Kafka Streams service on the same input: a flows topic of 4 partitions
 * holding {@code steps} steps of {@link SyntheticCapture} (L3/L4 flows, handshakes, DNS, lost events;
 * 10 ms of event time per step) and an end marker per partition, produced once. Each round runs the
 * streams service (child JVM, 1 stream thread, exactly-once v2) and then the Flink job (local
 * mini-cluster in this JVM, parallelism 2, bounded, exactly-once Kafka sinks), each with fresh state
 * and output topics, timed from start until every input record and every window is done.
 *
 * <pre>
 * ./mvnw -o -q -pl flink test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.flowpulse.flink.bench.EngineBenchmark -Dexec.args="300000 3"
 * </pre>
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int partitions = 4;
        try (LocalStack stack = LocalStack.create()) {
            stack.startKafkaAndRegistry();
            String bootstrap = stack.kafka().bootstrapServers();
            String registryUrl = stack.registry().url();
            KafkaTestSupport kafka = new KafkaTestSupport(bootstrap, SchemaRegistryClient.builder(registryUrl).build());
            SyntheticCapture capture = new SyntheticCapture(steps, partitions);
            var records = capture.records();
            String flows = "bench.flows." + System.currentTimeMillis();
            kafka.createTopics(partitions, flows);
            long produceStart = System.nanoTime();
            kafka.produce(flows, records);
            kafka.produceEndMarkers(flows, partitions, capture.endMillis());
            System.out.printf("input: %,d records (%d steps, %d min of event time) in %s, produced in %.1f s%n",
                    records.size(), steps, steps * SyntheticCapture.STEP_MILLIS / 60_000, flows,
                    (System.nanoTime() - produceStart) / 1e9);
            Path topology = Files.createTempFile("bench-topology", ".yaml");
            Files.writeString(topology, SyntheticCapture.topologyYaml());

            System.out.println("| round | Kafka Streams service s | records/s | Flink job s | records/s | Flink / Streams |");
            System.out.println("|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                String run = round + "-" + Long.toString(System.nanoTime(), 36);
                Path result = Files.createTempFile("bench-streams", ".txt");
                StreamsProcess.run(StreamsServiceRun.class, List.of(result.toString(), bootstrap, registryUrl, flows,
                        Integer.toString(partitions), run, topology.toString()), Duration.ofMinutes(10));
                String[] streams = Files.readString(result).trim().split(" ");
                double streamsSeconds = Long.parseLong(streams[0]) / 1e3;

                FlinkRunResult flink = FlinkEngine.runLocal(flinkSettings(bootstrap, registryUrl, flows, run));
                double flinkSeconds = flink.runtime().toMillis() / 1e3;
                if (flink.inputRecords() != records.size() || Long.parseLong(streams[1]) != records.size()
                        || flink.lateRecords() != 0 || Long.parseLong(streams[2]) != 0) {
                    throw new IllegalStateException("a run did not analyse the whole input on time: streams "
                            + String.join(" ", streams) + ", flink " + flink.counters());
                }
                System.out.printf("| %d | %.1f | %,.0f | %.1f | %,.0f | %.0f %% |%n", round, streamsSeconds,
                        records.size() / streamsSeconds, flinkSeconds, records.size() / flinkSeconds,
                        100 * streamsSeconds / flinkSeconds);
            }
        }
        System.exit(0);
    }

    static FlinkSettings flinkSettings(String bootstrap, String registryUrl, String flows, String run) {
        TopologySettings analytics = TopologySettings.builder().flowsTopic(flows)
                .nodesTopic("bench.nodes.flink-" + run).linksTopic("bench.links.flink-" + run)
                .dnsTopic("bench.dns.flink-" + run).latencyTopic("bench.latency.flink-" + run)
                .alertsTopic("bench.alerts.flink-" + run).topologyNodes(SyntheticCapture.nodes()).build();
        return FlinkSettings.of(bootstrap, registryUrl, analytics)
                .withNames("bench-flink-" + run, "bench-flink-" + run, "bench.dlq.flink-" + run)
                .withBounded(true).withParallelism(2);
    }
}
