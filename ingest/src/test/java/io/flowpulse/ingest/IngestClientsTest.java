package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.runtime.service.ServiceUnavailableException;
import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class IngestClientsTest {

    @Test
    void kafkaOrTheRegistryDownIsWorthWaitingFor() {
        assertThat(IngestClients.isUnavailable(new ServiceUnavailableException("Kafka unavailable",
                new IllegalStateException(new TimeoutException("no broker"))))).isTrue();
        assertThat(IngestClients.isUnavailable(new SchemaRegistryException("unreachable", new ConnectException()))).isTrue();
        assertThat(IngestClients.isUnavailable(new SchemaRegistryException("overloaded", 503, -1, null))).isTrue();
    }

    @Test
    void refusedCredentialsSettingsAndUnknownSchemasAreNot() {
        assertThat(IngestClients.isUnavailable(new ServiceUnavailableException("Kafka unavailable",
                new IllegalStateException(new SaslAuthenticationException("invalid credentials"))))).isFalse();
        assertThat(IngestClients.isUnavailable(new SchemaRegistryException("unauthorized", 401, -1, null))).isFalse();
        assertThat(IngestClients.isUnavailable(new SchemaNotFoundException("schema 9 not found", 40403))).isFalse();
        assertThat(IngestClients.isUnavailable(new IllegalArgumentException("bad setting"))).isFalse();
    }
}
