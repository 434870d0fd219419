package io.flowpulse.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Apicurio Registry used through its Confluent-compatible REST API, keeping its schemas in an H2
 * database file under the stack's directory, so that a restarted registry (even after kill -9) still
 * knows every schema id it handed out, as a production registry does.
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
                "-DREGISTRY_DATASOURCE_URL=" + databaseUrl(),
                "-jar", runner.toString());
        return ChildProcess.start(command, workDir, logFile(), launchMode);
    }

    /** Every committed write reaches the file at once (H2 would otherwise delay it by up to a second). */
    private String databaseUrl() {
        return "jdbc:h2:file:" + dataDir().resolve("registry") + ";WRITE_DELAY=0";
    }

    /** The schemas' database; they belong with the broker's data and are deleted with it. */
    Path dataDir() {
        return workDir.resolve("registry-data");
    }

    @Override
    protected void resetAfterFailedFirstStart() throws IOException {
        deleteRecursively(dataDir());
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        Readiness.await("registry", process, READY_TIMEOUT, () -> HealthChecks.registry(urlOf(port)));
    }
}
