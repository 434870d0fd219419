package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.relay.RelayClient;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.ingest.testing.RecordedObserver;
import io.flowpulse.simulator.testing.TestCertificates;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.serde.FlowEventSerde;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hubble server over real gRPC on loopback -> ingest -> the real local Kafka broker and
 * schema registry. Checks that every flow arrives exactly once, also when the server dies in
 * the middle of the stream and comes back, and that TLS and mutual TLS work.
 */
@ExtendWith(LocalStackExtension.class)
class RelayIngestIntegrationTest {

    @TempDir
    Path tmp;

    @Test
    void everyFlowArrivesExactlyOnceAcrossAServerRestart(LocalStack stack) throws Exception {
        String topic = "it.relay.restart.flows";
        List<GetFlowsResponse> flows = flows(1000, 597, 3);
        RecordedObserver firstLife = new RecordedObserver(flows, 599); // dies between two flows of the same instant
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(firstLife).build().start();
        int port = server.getPort();

        IngestSettings settings = settings(stack, topic);
        RelaySettings relay = RelaySettings.plaintext("127.0.0.1:" + port);
        try (IngestService ingest = IngestService.create(settings, RelaySource.of(relay), NodeSource.NONE)) {
            IngestPipeline pipeline = ingest.pipeline();
            ingest.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.counters().flows() == 599);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

            RecordedObserver secondLife = new RecordedObserver(flows, Integer.MAX_VALUE);
            Server restarted = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(secondLife).build().start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.counters().flows() >= 1000);
                Thread.sleep(500); // nothing more may come
                ingest.stop();
                ingest.await();
            } finally {
                restarted.shutdownNow();
            }
            assertThat(secondLife.requests).hasSize(1);
            assertThat(secondLife.requests.get(0).getSince()).isEqualTo(flows.get(598).getTime());
        }

        List<Flow> received = consumeFlows(stack, topic, 1000);
        assertThat(received).extracting(Flow::getUuid)
                .containsExactlyElementsOf(flows.stream().map(r -> r.getFlow().getUuid()).toList());
        assertThat(received.get(0).getNode()).isEqualTo("node-1");
    }

    @Test
    void mutualTlsToTheRelay(LocalStack stack) throws Exception {
        TestCertificates certs = TestCertificates.create(tmp, "relay.flowpulse.test");
        List<GetFlowsResponse> flows = flows(50, -1, 0);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(certs.serverCert.toFile(), certs.serverKey.toFile())
                        .trustManager(certs.caCert.toFile()).clientAuth(ClientAuth.REQUIRE).build())
                .addService(new RecordedObserver(flows, Integer.MAX_VALUE)).build().start();
        String target = "127.0.0.1:" + server.getPort();
        String topic = "it.relay.mtls.flows";
        try {
            RelaySettings withoutClientCert = new RelaySettings(target, true, certs.caCert, null, null,
                    "relay.flowpulse.test", List.of(), List.of(), null, Duration.ofMillis(100), Duration.ofSeconds(1));
            try (RelayClient client = new RelayClient(withoutClientCert)) {
                assertThatThrownBy(() -> client.serverStatus(Duration.ofSeconds(5)))
                        .isInstanceOf(io.grpc.StatusRuntimeException.class);
            }

            RelaySettings mtls = new RelaySettings(target, true, certs.caCert, certs.clientCert, certs.clientKey,
                    "relay.flowpulse.test", List.of(), List.of(), null, Duration.ofMillis(100), Duration.ofSeconds(1));
            try (RelayClient client = new RelayClient(mtls)) {
                assertThat(client.serverStatus(Duration.ofSeconds(5)).getNumFlows()).isEqualTo(50);
            }
            try (IngestService ingest = IngestService.create(settings(stack, topic), RelaySource.of(mtls),
                    NodeSource.NONE)) {
                IngestPipeline pipeline = ingest.pipeline();
                ingest.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.counters().flows() == 50);
                ingest.stop();
                ingest.await();
            }
        } finally {
            server.shutdownNow();
        }
        assertThat(consumeFlows(stack, topic, 50)).hasSize(50);
    }

    private static IngestSettings settings(LocalStack stack, String topic) {
        return new IngestSettings(stack.kafka().bootstrapServers(), stack.registry().url(), topic,
                topic + ".nodes", topic + ".dlq", 2, (short) 1, -1, new Properties(), "127.0.0.1", 0);
    }

    /** n flows 1 ms apart, with {@code same} flows from index {@code from} sharing one instant. */
    static List<GetFlowsResponse> flows(int n, int from, int same) {
        List<GetFlowsResponse> out = new ArrayList<>();
        long base = 1_764_000_000L;
        for (int i = 0; i < n; i++) {
            int step = (from >= 0 && i >= from && i < from + same) ? from : i;
            Timestamp t = Timestamp.newBuilder().setSeconds(base + step / 1000).setNanos((step % 1000) * 1_000_000).build();
            out.add(GetFlowsResponse.newBuilder().setNodeName("node-1").setTime(t)
                    .setFlow(FlowProtos.Flow.newBuilder().setTime(t).setUuid(UUID.nameUUIDFromBytes(("f" + i).getBytes()).toString())
                            .setVerdict(FlowProtos.Verdict.FORWARDED).setNodeName("node-1").setType(FlowProtos.FlowType.L3_L4)
                            .setIP(FlowProtos.IP.newBuilder().setSource("10.244.1.5").setDestination("10.244.2.7")
                                    .setIpVersion(FlowProtos.IPVersion.IPv4))
                            .setL4(FlowProtos.Layer4.newBuilder().setTCP(FlowProtos.TCP.newBuilder()
                                    .setSourcePort(40000 + i).setDestinationPort(80))))
                    .build());
        }
        return out;
    }

    private static List<Flow> consumeFlows(LocalStack stack, String topic, int expected) {
        SchemaRegistryClient registry = SchemaRegistryClient.builder(stack.registry().url()).build();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Flow> out = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                FlowEventSerde.create(registry).deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add((Flow) r.value());
                }
                if (out.size() >= expected) {
                    // one more poll: anything beyond the expected count would be a duplicate
                    consumer.poll(Duration.ofSeconds(1)).forEach(r -> out.add((Flow) r.value()));
                    break;
                }
            }
        }
        out.sort((a, b) -> a.getTime().compareTo(b.getTime()) != 0 ? a.getTime().compareTo(b.getTime())
                : Integer.compare(a.getSourcePort(), b.getSourcePort()));
        return out;
    }
}
