package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.flowpulse.ingest.relay.KeyFormatCertificates.KeyFormat;
import io.flowpulse.simulator.HubbleSimulator;
import io.flowpulse.simulator.server.HubbleServer;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS from the relay client to the simulator's Hubble server (which requires a client
 * certificate from its CA), with the client key in each PEM form, and a certificate rotated
 * under a running client.
 */
class RelayClientTlsTest {

    @TempDir
    static Path dir;
    static KeyFormatCertificates certs;
    static HubbleSimulator hubble;

    @BeforeAll
    static void startServer() throws Exception {
        certs = KeyFormatCertificates.create(dir);
        hubble = HubbleSimulator.builder().seed(7).listen("127.0.0.1", 0)
                .tls(new HubbleServer.Tls(certs.serverCert, certs.serverKey, certs.caCert)).start();
    }

    @AfterAll
    static void stopServer() {
        if (hubble != null) {
            hubble.close();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void eachKeyFormatConnects(KeyFormat format) throws Exception {
        Path cert = dir.resolve(format + ".pem");
        Path key = dir.resolve(format + "-key.pem");
        certs.writeClient(cert, key, format, true);
        assertThat(Files.readString(key)).startsWith(format.header);

        try (RelayClient client = new RelayClient(settings(cert, key))) {
            assertThat(client.serverStatus(Duration.ofSeconds(10)).getNumConnectedNodes().getValue()).isPositive();
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefusedAtOnce() throws Exception {
        Path cert = dir.resolve("mismatch.pem");
        Path key = dir.resolve("mismatch-key.pem");
        certs.writeClient(cert, key, KeyFormat.PKCS1_RSA, true);
        certs.writeClientKey(key, KeyFormat.PKCS1_RSA);
        assertThatThrownBy(() -> new RelayClient(settings(cert, key)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void aRotatedCertificateIsUsedByTheNextConnectionWithoutARestart() throws Exception {
        Path cert = dir.resolve("rotating.pem");
        Path key = dir.resolve("rotating-key.pem");
        certs.writeClient(cert, key, KeyFormat.PKCS1_RSA, false); // a CA the server does not trust

        AtomicInteger flows = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RelayClient client = new RelayClient(settings(cert, key))) {
            assertThatThrownBy(() -> client.serverStatus(Duration.ofSeconds(10))).isInstanceOf(StatusRuntimeException.class);
            Thread follower = new Thread(() -> {
                try {
                    client.follow(new ResponseHandler() {
                        @Override
                        public void handleFlow(FlowResponseView flow) {
                            flows.incrementAndGet();
                        }

                        @Override
                        public void handle(GetFlowsResponse response) {
                        }

                        @Override
                        public void invalid(byte[] message, String reason) {
                        }
                    }, stop::get);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "follower");
            follower.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.reconnects() >= 2);
                assertThat(flows.get()).isZero();

                // the key first, the certificate a moment later, as a rotation writes them
                KeyPair next = certs.writeClientKey(key, KeyFormat.SEC1_EC);
                assertThatThrownBy(() -> client.serverStatus(Duration.ofSeconds(10)))
                        .isInstanceOf(StatusRuntimeException.class);
                certs.writeClientCertificate(cert, KeyFormat.SEC1_EC, true, next);

                await().atMost(Duration.ofSeconds(20)).until(() -> flows.get() >= 5);
                assertThat(client.serverStatus(Duration.ofSeconds(10)).getNumConnectedNodes().getValue()).isPositive();
            } finally {
                stop.set(true);
                follower.join(10_000);
            }
        }
        assertThat(failure.get()).isNull();
    }

    private static RelaySettings settings(Path cert, Path key) {
        return new RelaySettings(hubble.target(), true, certs.caCert, cert, key, "localhost", List.of(), List.of(), null,
                Duration.ofMillis(100), Duration.ofMillis(400));
    }
}
