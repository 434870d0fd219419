package io.flowpulse.simulator.server;

import io.flowpulse.simulator.testing.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetNodesRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.model.ModelLoader;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static final Cluster CLUSTER = Cluster.build(ModelLoader.defaultModel(), 1);

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(dir, "localhost");
    }

    @Test
    void servesOverTls() throws Exception {
        try (HubbleServer server = server(new HubbleServer.Tls(certs.serverCert, certs.serverKey, null))) {
            ManagedChannel channel = channel(server, GrpcSslContexts.forClient().trustManager(certs.caCert.toFile()));
            try {
                assertThat(flowCount(channel)).isEqualTo(3);
                assertThat(ObserverGrpc.newBlockingStub(channel).getNodes(GetNodesRequest.getDefaultInstance()).getNodes(0).getTls().getEnabled()).isTrue();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            ManagedChannel untrusting = channel(server, GrpcSslContexts.forClient().trustManager(certs.otherCaCert.toFile()));
            try {
                assertThatThrownBy(() -> flowCount(untrusting)).isInstanceOf(StatusRuntimeException.class);
            } finally {
                untrusting.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                assertThatThrownBy(() -> flowCount(plaintext)).isInstanceOf(StatusRuntimeException.class);
            } finally {
                plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void mutualTlsRequiresAClientCertificateFromTheTrustedCa() throws Exception {
        try (HubbleServer server = server(new HubbleServer.Tls(certs.serverCert, certs.serverKey, certs.caCert))) {
            ManagedChannel withCert = channel(server, GrpcSslContexts.forClient().trustManager(certs.caCert.toFile())
                    .keyManager(certs.clientCert.toFile(), certs.clientKey.toFile()));
            try {
                assertThat(flowCount(withCert)).isEqualTo(3);
                assertThat(ObserverGrpc.newBlockingStub(withCert).serverStatus(ServerStatusRequest.getDefaultInstance()).getNumFlows()).isEqualTo(3);
            } finally {
                withCert.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            ManagedChannel withoutCert = channel(server, GrpcSslContexts.forClient().trustManager(certs.caCert.toFile()));
            try {
                assertThatThrownBy(() -> flowCount(withoutCert)).isInstanceOf(StatusRuntimeException.class);
            } finally {
                withoutCert.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void missingKeyFileIsAClearError() {
        assertThatThrownBy(() -> new HubbleServer.Tls(certs.serverCert, dir.resolve("nope.pem"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.pem");
    }

    private static HubbleServer server(HubbleServer.Tls tls) {
        FlowStore store = new FlowStore(List.of("lab-a-1"), 10);
        for (int i = 0; i < 3; i++) {
            store.publish(HubbleServerTest.flow(i, "lab-a-1", Verdict.FORWARDED, "web-abc", false));
        }
        HubbleServer server = new HubbleServer(store, CLUSTER.nodes(), CLUSTER.name(), "127.0.0.1", 0, tls);
        server.start();
        return server;
    }

    private static ManagedChannel channel(HubbleServer server, SslContextBuilder ssl) throws Exception {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(ssl.build()).build();
    }

    private static int flowCount(ManagedChannel channel) {
        List<Object> flows = new ArrayList<>();
        ObserverGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getFlows(GetFlowsRequest.getDefaultInstance()).forEachRemaining(flows::add);
        return flows.size();
    }
}
