package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.Topics;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.registry.RetryPolicy;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import io.flowpulse.schemas.registry.StubRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad bytes give a SerializationException that says what is wrong; a dead registry a registry error. */
class AvroDeserializerErrorsTest {
    private StubRegistry registry;
    private FlowEventSerde serde;
    private byte[] valid;

    @BeforeEach
    void start() throws Exception {
        registry = new StubRegistry();
        serde = FlowEventSerde.create(SchemaRegistryClient.builder(registry.url()).build());
        valid = serde.serializer().serialize(Topics.FLOWS, SampleEvents.dnsFlow());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void headerProblemsNeedNoRegistry() throws Exception {
        FlowEventSerde offline = FlowEventSerde.create(SchemaRegistryClient.builder("http://127.0.0.1:" + closedPort())
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))).build());
        byte[] json = "{\"verdict\":\"DROPPED\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> offline.deserializer().deserialize(Topics.FLOWS, json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Not in the Confluent wire format: the value of topic hubble.flows.v1 (21 bytes) starts"
                        + " with byte 0x7b, expected magic byte 0x00");
        assertThatThrownBy(() -> offline.deserializer().deserialize(Topics.FLOWS, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("has 0 byte(s), fewer than the 5-byte header");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = valid.clone();
        bytes[3] = 0x7f;

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.FLOWS, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id " + (0x7f00 | (bytes[4] & 0xff)) + " in the value of topic hubble.flows.v1")
                .hasMessageContaining("the registry at " + registry.url() + " has no schema with this id");
    }

    @Test
    void truncatedBody() {
        byte[] truncated = Arrays.copyOf(valid, valid.length - 20);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.FLOWS, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Corrupt Avro body in the value of topic hubble.flows.v1 (" + truncated.length
                        + " bytes, schema id 1)");
    }

    @Test
    void unionBranchOutOfRange() {
        byte[] bytes = valid.clone();
        bytes[5] = 0x08; // branch 4 of a two-branch union

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.FLOWS, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Corrupt Avro body");
    }

    @Test
    void trailingBytes() {
        byte[] longer = AvroSerdeTest.concat(valid, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.FLOWS, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 byte(s) left over after the value");
    }

    @Test
    void randomGarbageAfterAValidHeaderNeverEscapesAsAnotherException() {
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[5 + random.nextInt(200)];
            random.nextBytes(garbage);
            System.arraycopy(valid, 0, garbage, 0, 5);
            try {
                SpecificRecord decoded = serde.deserializer().deserialize(Topics.FLOWS, garbage);
                assertThat(decoded).isNotNull();
            } catch (SerializationException e) {
                assertThat(e.getMessage()).startsWith("Corrupt Avro body in the value of topic hubble.flows.v1");
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1_900);
    }

    @Test
    void registryDownIsARegistryErrorNotBadData() throws Exception {
        int port = closedPort();
        AvroSerde<Flow> down = AvroSerde.specific(Flow.class, SchemaRegistryClient.builder("http://127.0.0.1:" + port)
                .retry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(2))).build());

        assertThatThrownBy(() -> down.deserializer().deserialize(Topics.FLOWS, valid))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("Schema registry unreachable: GET http://127.0.0.1:" + port + "/schemas/ids/1")
                .hasMessageContaining("after 2 attempt(s)");
        assertThatThrownBy(() -> down.serializer().serialize(Topics.FLOWS, SampleEvents.dnsFlow()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("POST http://127.0.0.1:" + port + "/subjects/hubble.flows.v1-value/versions");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
