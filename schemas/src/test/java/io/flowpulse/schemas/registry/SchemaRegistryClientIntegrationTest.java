package io.flowpulse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against the real registry's Confluent API. Each test uses its own subjects. */
@ExtendWith(LocalStackExtension.class)
class SchemaRegistryClientIntegrationTest {
    private static final Schema PROBE_V1 = SchemaBuilder.record("Probe").namespace("it").fields()
            .requiredString("target").requiredLong("rtt_us").endRecord();
    private static final Schema PROBE_V2_FIELD_WITH_DEFAULT = SchemaBuilder.record("Probe").namespace("it").fields()
            .requiredString("target").requiredLong("rtt_us")
            .name("hops").type().intType().intDefault(0).endRecord();
    private static final Schema PROBE_V3_FIELD_WITHOUT_DEFAULT = SchemaBuilder.record("Probe").namespace("it").fields()
            .requiredString("target").requiredLong("rtt_us")
            .name("hops").type().intType().intDefault(0)
            .requiredString("region").endRecord();
    private static final Schema PROBE_V3_TYPE_CHANGED = SchemaBuilder.record("Probe").namespace("it").fields()
            .requiredString("target").requiredString("rtt_us")
            .name("hops").type().intType().intDefault(0).endRecord();

    @Test
    void registersIdempotentlyAndFindsSchemasByIdAndContent(LocalStack stack) {
        SchemaRegistryClient writer = client(stack);
        SchemaRegistryClient reader = client(stack);

        int id = writer.register("it.idempotent-value", PROBE_V1);

        assertThat(client(stack).register("it.idempotent-value", PROBE_V1)).isEqualTo(id);
        assertThat(reader.getSchemaById(id)).isEqualTo(PROBE_V1);
        assertThat(reader.lookupId("it.idempotent-value", PROBE_V1)).isEqualTo(id);
        RegisteredSchema latest = reader.getLatestVersion("it.idempotent-value");
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.id()).isEqualTo(id);
        assertThat(reader.subjects()).contains("it.idempotent-value");
        assertThatThrownBy(() -> reader.lookupId("it.idempotent-value", PROBE_V2_FIELD_WITH_DEFAULT))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> reader.getSchemaById(987_654))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("schema with id 987654");
    }

    @Test
    void backwardCompatibleChangeRegistersAndIncompatibleOnesAreRefused(LocalStack stack) {
        SchemaRegistryClient client = client(stack);
        String subject = "it.evolution-value";
        int v1 = client.register(subject, PROBE_V1);
        client.setCompatibility(subject, Compatibility.BACKWARD);
        assertThat(client.getCompatibility(subject)).contains(Compatibility.BACKWARD);

        assertThat(client.testCompatibility(subject, PROBE_V2_FIELD_WITH_DEFAULT).compatible()).isTrue();
        int v2 = client.register(subject, PROBE_V2_FIELD_WITH_DEFAULT);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.getLatestVersion(subject).version()).isEqualTo(2);

        assertThat(client.testCompatibility(subject, PROBE_V3_FIELD_WITHOUT_DEFAULT).compatible()).isFalse();
        assertThatThrownBy(() -> client.register(subject, PROBE_V3_FIELD_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageStartingWith("Schema is incompatible with the versions already registered under subject '"
                        + subject + "'");
        // the registry's own explanation is part of the message
        assertThatThrownBy(() -> client.register(subject, PROBE_V3_TYPE_CHANGED))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject '" + subject + "'")
                .hasMessageContaining("reader type: STRING not compatible with writer type: LONG");
        assertThat(client.getLatestVersion(subject).version()).isEqualTo(2);
    }

    @Test
    void resolvesReferencesRegisteredInTheRegistry(LocalStack stack) {
        SchemaRegistryClient client = client(stack);
        String endpoint = "{\"type\":\"record\",\"name\":\"Peer\",\"namespace\":\"it.refs\",\"fields\":["
                + "{\"name\":\"ip\",\"type\":\"string\"},{\"name\":\"port\",\"type\":\"int\"}]}";
        String link = "{\"type\":\"record\",\"name\":\"Link\",\"namespace\":\"it.refs\",\"fields\":["
                + "{\"name\":\"from\",\"type\":\"it.refs.Peer\"},{\"name\":\"to\",\"type\":\"it.refs.Peer\"}]}";
        client.register("it.refs.Peer", endpoint, List.of());
        int peerVersion = client.getLatestVersion("it.refs.Peer").version();
        int id = client.register("it.refs.links-value", link,
                List.of(new SchemaReference("it.refs.Peer", "it.refs.Peer", peerVersion)));

        RegisteredSchema raw = client(stack).getRawSchemaById(id);
        Schema resolved = client(stack).getSchemaById(id);

        assertThat(raw.references()).containsExactly(new SchemaReference("it.refs.Peer", "it.refs.Peer", peerVersion));
        assertThat(resolved.getField("to").schema().getField("port").schema().getType()).isEqualTo(Schema.Type.INT);
    }

    private static SchemaRegistryClient client(LocalStack stack) {
        return SchemaRegistryClient.builder(stack.registry().url()).build();
    }
}
