package io.flowpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void aSecretComesFromTheFileNamedByItsFileSetting() throws Exception {
        Path secret = dir.resolve("clickhouse-password");
        Files.writeString(secret, "s3cr3t-from-file\n");
        Config config = Config.builder()
                .defaults(Map.of("clickhouse.password", ""))
                .environment(Map.of("FLOWPULSE_CLICKHOUSE_PASSWORD_FILE", secret.toString()))
                .build();

        assertThat(config.get("clickhouse.password")).isEqualTo("s3cr3t-from-file");
        assertThat(config.asMap()).doesNotContainKey("clickhouse.password.file");
        Config handedOn = Config.builder().defaults(Map.of("clickhouse.password", "")).overrides(config.asMap()).build();
        assertThat(handedOn.get("clickhouse.password")).isEqualTo("s3cr3t-from-file");
        assertThat(config.describe().get("clickhouse.password")).startsWith(Secrets.MASK)
                .contains("clickhouse.password.file").doesNotContain("s3cr3t");
    }

    @Test
    void referencesToFilesAndEnvironmentVariablesAreReplacedWithinValues() throws Exception {
        Path secret = dir.resolve("kafka-password");
        Files.writeString(secret, "from-file");
        Config config = Config.builder()
                .environment(Map.of("REGISTRY_PASSWORD", "from-env"))
                .overrides(Map.of(
                        "kafka.sasl.jaas.config", "ScramLoginModule required username=\"svc\" password=\"${file:"
                                + secret + "}\";",
                        "basic.auth.user.info", "svc:${env:REGISTRY_PASSWORD}"))
                .build();

        assertThat(config.get("kafka.sasl.jaas.config", null))
                .isEqualTo("ScramLoginModule required username=\"svc\" password=\"from-file\";");
        assertThat(config.get("basic.auth.user.info", null)).isEqualTo("svc:from-env");
        assertThat(config.describe().values()).noneMatch(v -> v.contains("from-file") || v.contains("from-env"));
    }

    @Test
    void anUnresolvableReferenceNamesTheSettingButNotItsValue() {
        assertThatThrownBy(() -> Config.builder().environment(Map.of())
                .overrides(Map.of("clickhouse.password", "${env:NOT_THERE}")).build())
                .hasMessageContaining("clickhouse.password").hasMessageContaining("NOT_THERE");
        assertThatThrownBy(() -> Config.builder()
                .overrides(Map.of("clickhouse.password.file", dir.resolve("missing").toString())).build())
                .hasMessageContaining("clickhouse.password.file").hasMessageContaining("cannot read");
    }

    @Test
    void aSecretSetTwiceIsRefused() throws Exception {
        Path secret = dir.resolve("p");
        Files.writeString(secret, "x");
        assertThatThrownBy(() -> Config.builder().defaults(Map.of("clickhouse.password", ""))
                .overrides(Map.of("clickhouse.password", "inline", "clickhouse.password.file", secret.toString()))
                .build()).hasMessageContaining("either 'clickhouse.password' or 'clickhouse.password.file'");
    }

    @Test
    void fileSettingsOfOrdinaryKeysAreLeftAlone() {
        Config config = Config.builder().overrides(Map.of("streams.topology.file", "/nowhere/topology.yaml")).build();
        assertThat(config.get("streams.topology.file", null)).isEqualTo("/nowhere/topology.yaml");
    }

    @Test
    void secretKeysAreMaskedInClientProperties() {
        Properties p = new Properties();
        p.put("sasl.jaas.config", "x password=\"p\";");
        p.put("ssl.truststore.password", "changeit");
        p.put("basic.auth.user.info", "u:p");
        p.put("security.protocol", "SASL_SSL");
        assertThat(Secrets.masked(p)).containsEntry("sasl.jaas.config", Secrets.MASK)
                .containsEntry("ssl.truststore.password", Secrets.MASK)
                .containsEntry("basic.auth.user.info", Secrets.MASK)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(Secrets.isSecret("console.token")).isTrue();
        assertThat(Secrets.isSecret("schema.registry.url")).isFalse();
    }

    @Test
    void registryClientSettingsKeepTheirKeys() {
        Config config = Config.builder().defaults(CommonSettings.CONNECTION)
                .overrides(Map.of("schema.registry.url", "https://registry:8443",
                        "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p",
                        "schema.registry.ssl.truststore.location", "/ca.p12", "kafka.acks", "all"))
                .build();
        assertThat(CommonSettings.registryClient(config)).containsOnlyKeys("schema.registry.url",
                "basic.auth.credentials.source", "basic.auth.user.info", "schema.registry.ssl.truststore.location");
    }
}
