package io.flowpulse.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A ClickHouse server (Debian's clickhouse-server package) run from a configuration of our own, with its
 * data under the work directory. {@link #stop()} and {@link #start()} keep ports and data.
 */
public final class ClickHouseServer extends ProcessService {

    public static final int WELL_KNOWN_HTTP_PORT = 8123;
    public static final int WELL_KNOWN_TCP_PORT = 9000;
    public static final String INSTALL_HINT =
            "install it with 'bash scripts/install-clickhouse.sh' (apt-get install clickhouse-server clickhouse-client)";
    /** System property naming the server binary to run instead of the one found on the PATH. */
    public static final String BINARY_PROPERTY = "flowpulse.clickhouse.binary";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final ClickHouseSecurity security;
    private final HttpClient http;
    private int httpPort;
    private int tcpPort;

    public ClickHouseServer(Path workDir, LaunchMode launchMode, PortAllocator portAllocator) {
        this(workDir, launchMode, portAllocator, null);
    }

    /**
     * A server whose HTTP interface is HTTPS only, with the one password-protected user of {@code security};
     * null for the plain HTTP server whose default user has no password.
     */
    public ClickHouseServer(Path workDir, LaunchMode launchMode, PortAllocator portAllocator,
                            ClickHouseSecurity security) {
        super(workDir, launchMode, portAllocator);
        this.security = security;
        this.http = security == null ? HTTP : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .sslContext(security.tls().clientContext())
                .build();
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    /** http://127.0.0.1:port of the HTTP interface (https:// for a secured server); starts the server on first use. */
    public String httpUrl() {
        ensureStarted();
        return urlOf(httpPort);
    }

    private String urlOf(int port) {
        return security == null ? httpUrlOf(port) : "https://127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return httpUrl();
    }

    public int httpPort() {
        ensureStarted();
        return httpPort;
    }

    /** Port of the native protocol (clickhouse-client). */
    public int tcpPort() {
        ensureStarted();
        return tcpPort;
    }

    static String httpUrlOf(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Runs one statement over HTTP and returns the response body (empty for statements without output).
     * A statement ClickHouse rejects throws, with ClickHouse's error text.
     */
    public String query(String sql) {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(httpUrl() + "/")))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to <"
                        + sql + ">: " + response.body().trim());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + httpUrl() + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        if (security != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (security.user() + ":" + security.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** Builds a URL for an INSERT or SELECT passed as the {@code query} parameter (body carries the rows). */
    public String urlFor(String sql) {
        return httpUrl() + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    Path dataDir() {
        return workDir.resolve("clickhouse-data");
    }

    @Override
    protected void allocatePorts() {
        httpPort = portAllocator.allocate(WELL_KNOWN_HTTP_PORT);
        do {
            tcpPort = portAllocator.allocate(WELL_KNOWN_TCP_PORT);
        } while (tcpPort == httpPort);
    }

    @Override
    protected ChildProcess launch() throws IOException {
        List<String> binary = serverCommand().orElseThrow(() -> new ServiceStartException(
                "clickhouse: no clickhouse-server binary found ("
                        + (System.getProperty(BINARY_PROPERTY) != null
                                ? BINARY_PROPERTY + "=" + System.getProperty(BINARY_PROPERTY) + " is not executable"
                                : "looked on the PATH, in /usr/sbin and /usr/bin")
                        + "); " + INSTALL_HINT));
        Files.createDirectories(dataDir());
        Path usersXml = workDir.resolve("clickhouse-users.xml");
        Path configXml = workDir.resolve("clickhouse-config.xml");
        if (security == null) {
            Files.writeString(usersXml, ClickHouseConfig.usersXml());
            Files.writeString(configXml, ClickHouseConfig.serverXml(httpPort, tcpPort, dataDir(), usersXml));
        } else {
            Files.writeString(usersXml, ClickHouseConfig.usersXml(security));
            Files.writeString(configXml, ClickHouseConfig.secureServerXml(httpPort, tcpPort, dataDir(), usersXml,
                    security.tls()));
        }
        List<String> command = new ArrayList<>(binary);
        command.add("--config-file=" + configXml);
        return ChildProcess.start(command, workDir, logFile(), launchMode);
    }

    /** Whether a ClickHouse server binary is installed on this machine. */
    public static boolean isInstalled() {
        return serverCommand().isPresent();
    }

    /**
     * -Dflowpulse.clickhouse.binary when set, else clickhouse-server, else the multi-call clickhouse binary of
     * newer packages with its server verb.
     */
    static Optional<List<String>> serverCommand() {
        String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null) {
            Path binary = Path.of(configured);
            if (!Files.isExecutable(binary)) {
                return Optional.empty();
            }
            return Optional.of(binary.getFileName().toString().equals("clickhouse")
                    ? List.of(configured, "server") : List.of(configured));
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/usr/bin"));
        for (Path dir : dirs) {
            if (Files.isExecutable(dir.resolve("clickhouse-server"))) {
                return Optional.of(List.of(dir.resolve("clickhouse-server").toString()));
            }
        }
        for (Path dir : dirs) {
            if (Files.isExecutable(dir.resolve("clickhouse"))) {
                return Optional.of(List.of(dir.resolve("clickhouse").toString(), "server"));
            }
        }
        return Optional.empty();
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        if (security == null) {
            Readiness.await("clickhouse", process, READY_TIMEOUT, () -> HealthChecks.clickHouse(httpUrlOf(httpPort)));
        } else {
            Readiness.await("clickhouse", process, READY_TIMEOUT, this::answersPingOverHttps);
        }
    }

    private boolean answersPingOverHttps() throws IOException, InterruptedException {
        if (!HealthChecks.isListening(httpPort)) {
            return false;
        }
        HttpRequest ping = HttpRequest.newBuilder(URI.create(urlOf(httpPort) + "/ping")).timeout(Duration.ofSeconds(3))
                .GET().build();
        HttpResponse<String> response = http.send(ping, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().startsWith("Ok");
    }

    @Override
    protected void resetAfterFailedFirstStart() throws IOException {
        deleteRecursively(dataDir());
    }

    void deleteData() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("clickhouse is running");
        }
        deleteRecursively(dataDir());
    }
}
