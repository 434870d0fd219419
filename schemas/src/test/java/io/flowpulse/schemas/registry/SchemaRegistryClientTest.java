package io.flowpulse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP handling of the client against an in-memory registry. */
class SchemaRegistryClientTest {
    private static final Schema PING_V1 = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredLong("at").endRecord();
    private static final Schema PING_V2_WITH_DEFAULT = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredLong("at").name("host").type().stringType().stringDefault("none").endRecord();
    private static final Schema PING_V2_WITHOUT_DEFAULT = SchemaBuilder.record("Ping").namespace("test").fields()
            .requiredLong("at").requiredString("host").endRecord();

    private StubRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new StubRegistry();
        client = SchemaRegistryClient.builder(registry.url())
                .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5)))
                .build();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void aConflictFromLosingARegistrationRaceReturnsTheRegisteredId() {
        int id = client.register("pings-value", PING_V1);
        SchemaRegistryClient other = SchemaRegistryClient.builder(registry.url()).build();
        registry.failNext(409); // another client registered the same schema a moment earlier

        assertThat(other.register("pings-value", PING_V1)).isEqualTo(id);
        assertThat(registry.count("POST /subjects/pings-value")).isEqualTo(3); // register, register, lookup
    }

    @Test
    void registersOnceAndAnswersRepeatsFromTheCache() {
        int first = client.register("pings-value", PING_V1);
        int second = client.register("pings-value", PING_V1);

        assertThat(second).isEqualTo(first);
        assertThat(registry.count("POST /subjects/pings-value/versions")).isEqualTo(1);
    }

    @Test
    void registrationIsIdempotentInTheRegistryToo() {
        SchemaRegistryClient other = SchemaRegistryClient.builder(registry.url()).build();

        int id = client.register("pings-value", PING_V1);

        assertThat(other.register("pings-value", PING_V1)).isEqualTo(id);
        assertThat(other.getLatestVersion("pings-value").version()).isEqualTo(1);
    }

    @Test
    void fetchesASchemaByIdOnce() {
        int id = SchemaRegistryClient.builder(registry.url()).build().register("pings-value", PING_V1);

        assertThat(client.getSchemaById(id)).isEqualTo(PING_V1);
        assertThat(client.getSchemaById(id)).isEqualTo(PING_V1);
        assertThat(registry.count("GET /schemas/ids/" + id)).isEqualTo(1);
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        assertThatThrownBy(() -> client.getSchemaById(4711))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("schema with id 4711")
                .hasMessageContaining("HTTP 404, error 40403")
                .hasMessageContaining(registry.url());
    }

    @Test
    void looksUpTheIdOfARegisteredSchemaWithoutRegistering() {
        int id = client.register("pings-value", PING_V1);
        SchemaRegistryClient reader = SchemaRegistryClient.builder(registry.url()).build();

        assertThat(reader.lookupId("pings-value", PING_V1)).isEqualTo(id);
        assertThatThrownBy(() -> reader.lookupId("pings-value", PING_V2_WITH_DEFAULT))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("subject 'pings-value'");
        assertThatThrownBy(() -> reader.lookupId("nobody-value", PING_V1))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("40401");
        assertThat(registry.count("POST /subjects/pings-value/versions")).isEqualTo(1);
    }

    @Test
    void latestVersionFollowsRegistrations() {
        client.register("pings-value", PING_V1);
        int v2 = client.register("pings-value", PING_V2_WITH_DEFAULT);

        RegisteredSchema latest = client.getLatestVersion("pings-value");

        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(v2);
        assertThat(new Schema.Parser().parse(latest.schema())).isEqualTo(PING_V2_WITH_DEFAULT);
    }

    @Test
    void setsAndReadsSubjectCompatibility() {
        assertThat(client.getCompatibility("pings-value")).isEmpty();

        client.setCompatibility("pings-value", Compatibility.BACKWARD);

        assertThat(client.getCompatibility("pings-value")).contains(Compatibility.BACKWARD);
    }

    @Test
    void incompatibleSchemaNamesTheSubjectAndCarriesTheRegistryMessage() {
        client.setCompatibility("pings-value", Compatibility.BACKWARD);
        client.register("pings-value", PING_V1);

        assertThat(client.testCompatibility("pings-value", PING_V2_WITH_DEFAULT).compatible()).isTrue();
        assertThat(client.testCompatibility("pings-value", PING_V2_WITHOUT_DEFAULT).compatible()).isFalse();
        assertThatThrownBy(() -> client.register("pings-value", PING_V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo("pings-value");
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("subject 'pings-value'")
                .hasMessageContaining("Schema being registered is incompatible with an earlier schema")
                .hasMessageContaining("host");
    }

    @Test
    void compatibilityCheckOnANewSubjectAcceptsAnything() {
        assertThat(client.testCompatibility("fresh-value", PING_V1).compatible()).isTrue();
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        registry.failNext(503, 500);

        int id = client.register("pings-value", PING_V1);

        assertThat(id).isPositive();
        assertThat(registry.count("POST /subjects/pings-value/versions")).isEqualTo(3);
    }

    @Test
    void givesUpOnPersistentServerErrorsAfterTheAttemptBudget() {
        registry.failNext(503, 503, 503, 503);

        assertThatThrownBy(() -> client.register("pings-value", PING_V1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema registry unreachable: POST " + registry.url() + "/subjects/pings-value/versions")
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("HTTP 503");
        assertThat(registry.count("POST")).isEqualTo(3);
    }

    @Test
    void clientErrorsAreNotRetried() {
        registry.failNext(422);

        assertThatThrownBy(() -> client.register("pings-value", PING_V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(422))
                .hasMessageContaining("rejected the request to register a schema under subject 'pings-value' as invalid");
        assertThat(registry.count("POST")).isEqualTo(1);
    }

    @Test
    void unauthorizedSaysSo() {
        registry.failNext(401);

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Not authorized")
                .hasMessageContaining("credentials");
    }

    @Test
    void sendsBasicAuthCredentials() {
        SchemaRegistryClient withAuth = SchemaRegistryClient.builder(registry.url()).basicAuth("svc", "s3cret").build();

        withAuth.subjects();

        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.authorizations()).containsExactly(expected);
    }

    @Test
    void resolvesSchemaReferences() {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"test\",\"fields\":["
                + "{\"name\":\"ip\",\"type\":\"string\"}]}";
        String port = "{\"type\":\"record\",\"name\":\"Port\",\"namespace\":\"test\",\"fields\":["
                + "{\"name\":\"number\",\"type\":\"int\"}]}";
        String socket = "{\"type\":\"record\",\"name\":\"Socket\",\"namespace\":\"test\",\"fields\":["
                + "{\"name\":\"address\",\"type\":\"test.Address\"},{\"name\":\"port\",\"type\":\"test.Port\"}]}";
        String connection = "{\"type\":\"record\",\"name\":\"Connection\",\"namespace\":\"test\",\"fields\":["
                + "{\"name\":\"from\",\"type\":\"test.Socket\"},{\"name\":\"to\",\"type\":\"test.Socket\"},"
                + "{\"name\":\"via\",\"type\":\"test.Address\"}]}";
        client.register("address", address, List.of());
        client.register("port", port, List.of());
        client.register("socket", socket, List.of(new SchemaReference("test.Address", "address", 1),
                new SchemaReference("test.Port", "port", 1)));
        int id = client.register("connections-value", connection, List.of(
                new SchemaReference("test.Socket", "socket", 1), new SchemaReference("test.Address", "address", 1)));

        Schema resolved = SchemaRegistryClient.builder(registry.url()).build().getSchemaById(id);

        assertThat(resolved.getField("from").schema().getField("address").schema().getField("ip")).isNotNull();
        assertThat(resolved.getField("to").schema().getField("port").schema().getField("number").schema().getType())
                .isEqualTo(Schema.Type.INT);
        assertThat(resolved.getField("via").schema().getFullName()).isEqualTo("test.Address");
    }
}
