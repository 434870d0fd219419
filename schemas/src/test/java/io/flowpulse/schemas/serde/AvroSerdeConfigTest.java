package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void credentialsInTheUrlAreTakenOutOfTheUrlTheClientShows() {
        var client = AvroSerdeConfig.registryClient(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://svc:pa%3Ass@registry.example:8443/apis/ccompat/v7",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));
        assertThat(client.url()).isEqualTo("https://registry.example:8443/apis/ccompat/v7");
    }

    @Test
    void badCredentialSettingsAreClearErrors() {
        assertThatThrownBy(() -> AvroSerdeConfig.registryClient(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://registry.example:8443",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs the credentials");
        assertThatThrownBy(() -> AvroSerdeConfig.registryClient(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://registry.example:8443",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("USER_INFO or URL");
    }

    @Test
    void aMissingTrustStoreNamesItsPath() {
        assertThatThrownBy(() -> AvroSerdeConfig.registryClient(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://registry.example:8443",
                AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, "/nowhere/ca.p12",
                AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, "changeit")))
                .hasMessageContaining("/nowhere/ca.p12").hasMessageNotContaining("changeit");
    }
}
