package io.flowpulse.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Debian's nginx in front of a local HTTP service (the schema registry, which cannot do TLS and basic
 * auth itself): it terminates TLS with a certificate from {@code tls} and lets through only requests
 * with the basic auth credentials {@code user} / {@code password}, as production deployments put an
 * ingress or a reverse proxy before a registry.
 */
public final class HttpsProxy extends ProcessService {

    public static final int WELL_KNOWN_PORT = 8443;
    public static final String INSTALL_HINT = "install it with 'apt-get install nginx-light'";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final IntSupplier upstreamPort;
    private final TlsMaterial tls;
    private final String user;
    private final String password;
    private final HttpClient http;
    private int port;

    /**
     * @param name         the service's name (its log is {@code <name>.log})
     * @param upstreamPort the port of the service behind it on 127.0.0.1, asked for when the proxy starts
     */
    public HttpsProxy(String name, Path workDir, PortAllocator portAllocator, IntSupplier upstreamPort,
                      TlsMaterial tls, String user, String password) {
        super(workDir, LaunchMode.ATTACHED, portAllocator);
        if (user.contains(":") || user.isBlank()) {
            throw new IllegalArgumentException("a basic auth user name has no colon and is not blank");
        }
        this.name = name;
        this.upstreamPort = upstreamPort;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).sslContext(tls.clientContext()).build();
    }

    @Override
    public String name() {
        return name;
    }

    /** https://127.0.0.1:port; starts the proxy on first use. */
    public String url() {
        ensureStarted();
        return "https://127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return url();
    }

    /** Whether Debian's nginx is installed. */
    public static boolean isInstalled() {
        return binary().isPresent();
    }

    static Optional<Path> binary() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
            Path candidate = Path.of(dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Path dir() {
        return workDir.resolve(name);
    }

    @Override
    protected void allocatePorts() {
        port = portAllocator.allocate(WELL_KNOWN_PORT);
    }

    @Override
    protected ChildProcess launch() throws IOException {
        Path nginx = binary().orElseThrow(() -> new ServiceStartException(name + ": no nginx found; " + INSTALL_HINT));
        Files.createDirectories(dir().resolve("temp"));
        Path users = dir().resolve("htpasswd");
        Files.writeString(users, user + ":" + shaHash(password) + "\n");
        Path config = dir().resolve("nginx.conf");
        Files.writeString(config, configuration(port, upstreamPort.getAsInt(), users));
        List<String> command = new ArrayList<>(List.of(nginx.toString(), "-p", dir().toString(), "-c", config.toString(),
                "-e", "stderr"));
        return ChildProcess.start(command, workDir, logFile(), launchMode);
    }

    /** nginx's {SHA} scheme: the base64 of the password's SHA-1, so the file holds no password. */
    static String shaHash(String password) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{SHA}" + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String configuration(int listenPort, int upstream, Path users) {
        Path temp = dir().resolve("temp");
        // as root, nginx's workers would run as nobody, who cannot read the password file here
        String runAs = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return runAs + """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %2$s/body;
                  proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fastcgi;
                  uwsgi_temp_path %2$s/uwsgi;
                  scgi_temp_path %2$s/scgi;
                  client_max_body_size 16m;
                  server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %4$s;
                    ssl_certificate_key %5$s;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    auth_basic "flowpulse";
                    auth_basic_user_file %6$s;
                    location / {
                      proxy_pass http://127.0.0.1:%7$d;
                      proxy_set_header Host $host:$server_port;
                      proxy_set_header X-Forwarded-Proto https;
                      proxy_set_header Authorization "";
                    }
                  }
                }
                """.formatted(dir(), temp, listenPort, tls.serverCertificatePem().toAbsolutePath(),
                tls.serverKeyPem().toAbsolutePath(), users, upstream);
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        String authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Readiness.await(name, process, READY_TIMEOUT, () -> {
            if (!HealthChecks.isListening(port)) {
                return false;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(3)).header("Authorization", authorization).GET().build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() != 401 && response.statusCode() < 500;
        });
    }
}
