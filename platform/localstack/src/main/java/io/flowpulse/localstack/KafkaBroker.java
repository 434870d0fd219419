package io.flowpulse.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/** A single-node Kafka 4 KRaft broker (broker and controller in one JVM) on 127.0.0.1. */
public final class KafkaBroker extends ProcessService {

    public static final int WELL_KNOWN_PORT = 9092;
    public static final int WELL_KNOWN_CONTROLLER_PORT = 9093;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final KafkaSecurity security;
    private int port;
    private int controllerPort;

    public KafkaBroker(Path workDir, LaunchMode launchMode, PortAllocator portAllocator) {
        this(workDir, launchMode, portAllocator, null);
    }

    /** A broker whose one client listener is SASL_SSL as {@code security} says; null for plaintext. */
    public KafkaBroker(Path workDir, LaunchMode launchMode, PortAllocator portAllocator, KafkaSecurity security) {
        super(workDir, launchMode, portAllocator);
        this.security = security;
    }

    @Override
    public String name() {
        return "kafka";
    }

    /** host:port for {@code bootstrap.servers}; starts the broker on first use. */
    public String bootstrapServers() {
        ensureStarted();
        return "127.0.0.1:" + port;
    }

    public int port() {
        ensureStarted();
        return port;
    }

    @Override
    public String endpoint() {
        return bootstrapServers();
    }

    /** Client properties pointing at this broker, with the security settings of a secured one. */
    public Properties clientProperties() {
        Properties properties = securityProperties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** The security settings a client needs (none for a plaintext broker). */
    public Properties securityProperties() {
        return security == null ? new Properties() : security.clientProperties();
    }

    private Path scramCredentialsFile() {
        return workDir.resolve("kafka-scram-credentials.txt");
    }

    /** The broker's {@code log.dirs}: one directory per partition, holding its segment files. */
    public Path logDir() {
        return dataDir();
    }

    Path dataDir() {
        return workDir.resolve("kafka-data");
    }

    private Path configFile() {
        return workDir.resolve("kafka-server.properties");
    }

    @Override
    protected void allocatePorts() {
        port = portAllocator.allocate(WELL_KNOWN_PORT);
        do {
            controllerPort = portAllocator.allocate(WELL_KNOWN_CONTROLLER_PORT);
        } while (controllerPort == port);
    }

    @Override
    protected ChildProcess launch() throws IOException {
        var properties = KafkaBrokerConfig.properties(port, controllerPort, dataDir());
        List<String> mainArgs = new ArrayList<>(List.of(KafkaClasspath.BROKER_MAIN,
                configFile().toString(), dataDir().toString(), Uuid.randomUuid().toString()));
        if (security != null) {
            properties.putAll(security.brokerProperties(port, controllerPort));
            // a file, so that the credential is on no command line (nor in the log, which shows the command)
            Files.writeString(scramCredentialsFile(), security.scramCredential() + "\n");
            mainArgs.add(scramCredentialsFile().toString());
        }
        Files.writeString(configFile(), KafkaBrokerConfig.render(properties));
        Path logbackConfig = workDir.resolve("kafka-logback.xml");
        Files.writeString(logbackConfig, BrokerLogging.LOGBACK_XML);
        return ChildProcess.start(javaCommand(KafkaClasspath.resolve(), logbackConfig, "-Xmx1g",
                        mainArgs.toArray(String[]::new)), workDir, logFile(), launchMode);
    }

    private List<String> javaCommand(String classpath, Path logbackConfig, String heap, String... mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), heap,
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logbackConfig,
                "-cp", classpath));
        command.addAll(List.of(mainAndArgs));
        return command;
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        // the admin client logs every refused connection: wait for the listener quietly first
        Readiness.await("kafka", process, READY_TIMEOUT, () -> HealthChecks.isListening(port));
        Map<String, Object> config = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        securityProperties().forEach((k, v) -> config.put(k.toString(), v));
        try (Admin admin = Admin.create(config)) {
            Readiness.await("kafka", process, READY_TIMEOUT, () -> !admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Override
    protected void resetAfterFailedFirstStart() throws IOException {
        deleteRecursively(dataDir());
    }

    /** Removes the broker's data; only while it is stopped. */
    void deleteData() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("kafka is running");
        }
        deleteRecursively(dataDir());
    }
}
