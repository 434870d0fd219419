package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each secured service admits its user with the right password over TLS and refuses everything else. */
class SecuredLocalStackIntegrationTest {

    private static final String PASSWORD = "Sec-" + Long.toHexString(System.nanoTime());
    private static SecuredLocalStack stack;

    @BeforeAll
    static void start() {
        stack = SecuredLocalStack.start(LocalStack.defaultBaseDir().resolve("secured-" + ProcessHandle.current().pid()),
                "flowpulse", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void kafkaAdmitsTheScramUserOverTlsAndRefusesAWrongPassword() throws Exception {
        try (Admin admin = Admin.create(admin(stack.kafkaSecurityProperties()))) {
            assertThat(admin.describeCluster().nodes().get(20, TimeUnit.SECONDS)).hasSize(1);
        }
        try (Admin admin = Admin.create(admin(stack.kafkaSecurityProperties("flowpulse", "wrong")))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");
        }
    }

    @Test
    void theRegistryIsOnlyReachableOverTlsWithItsCredentials() throws Exception {
        HttpClient trusting = HttpClient.newBuilder().sslContext(stack.tls().clientContext()).build();
        assertThat(get(trusting, stack.registryUrl() + "/subjects", PASSWORD).statusCode()).isEqualTo(200);
        assertThat(get(trusting, stack.registryUrl() + "/subjects", "wrong").statusCode()).isEqualTo(401);
        assertThat(get(trusting, stack.registryUrl() + "/subjects", null).statusCode()).isEqualTo(401);
        HttpClient defaultTrust = HttpClient.newHttpClient();
        assertThatThrownBy(() -> get(defaultTrust, stack.registryUrl() + "/subjects", PASSWORD))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clickHouseAnswersOverHttpsOnlyWithThePassword() throws Exception {
        assertThat(stack.clickHouseUrl()).startsWith("https://");
        assertThat(stack.clickHouse().query("SELECT 40 + 2").strip()).isEqualTo("42");
        HttpClient trusting = HttpClient.newBuilder().sslContext(stack.tls().clientContext()).build();
        HttpResponse<String> wrong = get(trusting, stack.clickHouseUrl() + "/?query=SELECT%201", "wrong");
        assertThat(wrong.statusCode()).isNotEqualTo(200);
        assertThat(wrong.body()).containsIgnoringCase("password");
        String users = Files.readString(stack.workDir().resolve("clickhouse-users.xml"));
        assertThat(users).contains("password_sha256_hex").doesNotContain(PASSWORD);
    }

    @Test
    void noServiceLogNorThePasswordFileOfTheProxyHoldsThePasswordInClear() throws Exception {
        for (LocalService service : stack.services()) {
            assertThat(Files.readString(service.logFile())).as(service.name()).doesNotContain(PASSWORD);
        }
        Path proxyDir = stack.workDir().resolve("registry-proxy");
        assertThat(Files.readString(proxyDir.resolve("htpasswd"))).startsWith("flowpulse:{SHA}").doesNotContain(PASSWORD);
    }

    private static Properties admin(Properties security) {
        Properties p = new Properties();
        p.putAll(security);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (password != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("flowpulse:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
