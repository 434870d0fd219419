package io.flowpulse.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.Properties;

/**
 * Kafka, the schema registry and ClickHouse secured as production clusters are, for tests of the secured
 * connections: Kafka only over SASL_SSL (SCRAM-SHA-512), the registry only through an nginx that
 * terminates TLS and asks for basic auth, ClickHouse only over HTTPS with a password. Every certificate is
 * signed by a private CA made for the stack ({@link #tls()}); one user name and one password serve all three.
 */
public final class SecuredLocalStack implements AutoCloseable {

    private final Path workDir;
    private final TlsMaterial tls;
    private final KafkaSecurity kafkaSecurity;
    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final HttpsProxy registryProxy;
    private final ClickHouseServer clickHouse;
    private final String user;
    private final String password;

    private SecuredLocalStack(Path workDir, String user, String password, SchemaRegistry registry, TlsMaterial tls) {
        this.workDir = workDir;
        this.user = user;
        this.password = password;
        this.registry = registry;
        this.tls = tls;
        PortAllocator ports = PortAllocator.anyFree();
        this.kafkaSecurity = new KafkaSecurity(tls, user, password);
        this.kafka = new KafkaBroker(workDir, LaunchMode.ATTACHED, ports, kafkaSecurity);
        this.registryProxy = new HttpsProxy("registry-proxy", workDir, ports, registry::port, tls, user, password);
        this.clickHouse = new ClickHouseServer(workDir, LaunchMode.ATTACHED, ports,
                new ClickHouseSecurity(tls, user, password));
    }

    /**
     * Makes the certificates and starts the services side by side (the registry, the slowest, already while
     * keytool makes the certificates); fails with the first start-up failure, the services stopped.
     */
    public static SecuredLocalStack start(Path workDir, String user, String password) {
        Path dir = workDir.toAbsolutePath();
        SchemaRegistry registry = new SchemaRegistry(dir, LaunchMode.ATTACHED, PortAllocator.anyFree());
        CompletableFuture<Void> registryUp = CompletableFuture.runAsync(registry::start, runner("start-registry"));
        SecuredLocalStack stack;
        try {
            // the stores' own password differs from the services' one, so a leak of either is told apart
            TlsMaterial tls = TlsMaterial.generate(dir.resolve("tls"), "store-" + Long.toHexString(System.nanoTime()));
            stack = new SecuredLocalStack(dir, user, password, registry, tls);
        } catch (RuntimeException e) {
            registryUp.whenComplete((ok, failure) -> registry.stop());
            throw e;
        }
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(stack.kafka::start, runner("start-kafka")),
                    CompletableFuture.runAsync(stack.clickHouse::start, runner("start-clickhouse")),
                    registryUp.thenRun(stack.registryProxy::start)).join();
            return stack;
        } catch (CompletionException e) {
            stack.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Executor runner(String name) {
        return task -> new Thread(task, name).start();
    }

    public TlsMaterial tls() {
        return tls;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Path workDir() {
        return workDir;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Kafka client settings of the stack's user besides the bootstrap servers. */
    public Properties kafkaSecurityProperties() {
        return kafkaSecurity.clientProperties();
    }

    /** The same for another user or password. */
    public Properties kafkaSecurityProperties(String clientUser, String clientPassword) {
        return kafkaSecurity.clientProperties(clientUser, clientPassword);
    }

    /** The registry's Confluent-compatible API behind the proxy, https://127.0.0.1:port/apis/ccompat/v7. */
    public String registryUrl() {
        return registryProxy.url() + SchemaRegistry.CONFLUENT_API_PATH;
    }

    /** https://127.0.0.1:port of ClickHouse. */
    public String clickHouseUrl() {
        return clickHouse.httpUrl();
    }

    /** ClickHouse, for statements of the test itself (over HTTPS as the stack's user). */
    public ClickHouseServer clickHouse() {
        return clickHouse;
    }

    /** Every service process, for a test that reads their logs. */
    public List<LocalService> services() {
        return List.of(kafka, registry, registryProxy, clickHouse);
    }

    /** Stops every service and deletes the data of Kafka and ClickHouse; logs and certificates stay. */
    @Override
    public void close() {
        if (!LocalStack.stopTogether(services())) {
            return;
        }
        try {
            ProcessService.deleteRecursively(kafka.dataDir());
            ProcessService.deleteRecursively(clickHouse.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete the secured stack's data: " + e.getMessage(), e);
        }
    }
}
