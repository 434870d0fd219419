package io.flowpulse.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Apicurio Registry with in-memory storage, used through its Confluent-compatible REST API.
 * Its schemas are lost when it stops.
 */
public final class SchemaRegistry extends ProcessService {

    public static final int WELL_KNOWN_PORT = 8081;
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private int port;

    public SchemaRegistry(Path workDir, LaunchMode launchMode, PortAllocator portAllocator) {
        super(workDir, launchMode, portAllocator);
    }

    @Override
    public String name() {
        return "registry";
    }

    /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7; starts on first use. */
    public String url() {
        ensureStarted();
        return urlOf(port);
    }

    @Override
    public String endpoint() {
        return url();
    }

    public int port() {
        ensureStarted();
        return port;
    }

    static String urlOf(int port) {
        return "http://127.0.0.1:" + port + CONFLUENT_API_PATH;
    }

    @Override
    protected void allocatePorts() {
        port = portAllocator.allocate(WELL_KNOWN_PORT);
    }

    @Override
    protected ChildProcess launch() throws IOException {
        Path runner = ApicurioDistribution.runnerJar();
        List<String> command = List.of(javaExecutable(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.profile=prod",
                "-jar", runner.toString());
        return ChildProcess.start(command, workDir, logFile(), launchMode);
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        Readiness.await("registry", process, READY_TIMEOUT, () -> HealthChecks.registry(urlOf(port)));
    }
}
