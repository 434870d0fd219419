package io.flowpulse.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowpulse.runtime.service.Service;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP side of every Flowpulse service: {@code /metrics} (Prometheus text format),
 * {@code /health/live} (the process runs) and {@code /health/ready} (every registered
 * check passes; 503 with the failing checks otherwise).
 */
public final class ServiceEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final List<Supplier<Map<String, HealthCheck>>> checkSources = new ArrayList<>();

    private ServiceEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds host:port (port 0 = any free port) and starts serving. */
    public static ServiceEndpoint start(String host, int port, PrometheusMeterRegistry registry) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "service-endpoint");
                t.setDaemon(true);
                return t;
            });
            ServiceEndpoint endpoint = new ServiceEndpoint(server, executor);
            server.createContext("/metrics", ex -> respond(ex, 200,
                    "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
            server.createContext("/health/ready", endpoint::ready);
            server.setExecutor(executor);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics and health on " + host + ":" + port
                    + ": " + e.getMessage() + " (choose another port with --http-port or 0 for any)", e);
        }
    }

    /** Serves a service's metrics and readiness checks on host:port (port 0 = any free port). */
    public static ServiceEndpoint serve(Service service, String host, int port) {
        return start(host, port, service.metrics()).addChecks(service::healthChecks);
    }

    public ServiceEndpoint addCheck(String name, HealthCheck check) {
        synchronized (checks) {
            checks.put(name, check);
        }
        return this;
    }

    /** Checks asked for again on every readiness request (a service's, which may add some as it runs). */
    public ServiceEndpoint addChecks(Supplier<Map<String, HealthCheck>> source) {
        synchronized (checks) {
            checkSources.add(source);
        }
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to reach the endpoint from this machine: bound to every interface, that is localhost. */
    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        String host;
        if (bound == null || bound.isAnyLocalAddress()) {
            host = "localhost";
        } else if (bound instanceof Inet6Address) {
            host = "[" + bound.getHostAddress() + "]";
        } else {
            host = bound.getHostAddress();
        }
        return "http://" + host + ":" + port();
    }

    private void ready(HttpExchange exchange) throws IOException {
        StringBuilder body = new StringBuilder("{\"checks\":{");
        boolean allUp = true;
        boolean first = true;
        for (Map.Entry<String, HealthCheck> e : currentChecks().entrySet()) {
            HealthCheck.Status status;
            try {
                status = e.getValue().check();
            } catch (RuntimeException ex) {
                status = HealthCheck.Status.down(ex.toString());
            }
            allUp &= status.healthy();
            body.append(first ? "" : ",").append('"').append(escape(e.getKey())).append("\":{\"status\":\"")
                    .append(status.healthy() ? "UP" : "DOWN").append("\",\"detail\":\"")
                    .append(escape(status.detail())).append("\"}");
            first = false;
        }
        body.append("},\"status\":\"").append(allUp ? "UP" : "DOWN").append("\"}");
        respond(exchange, allUp ? 200 : 503, "application/json", body.toString());
    }

    private Map<String, HealthCheck> currentChecks() {
        Map<String, HealthCheck> current;
        List<Supplier<Map<String, HealthCheck>>> sources;
        synchronized (checks) {
            current = new LinkedHashMap<>(checks);
            sources = List.copyOf(checkSources);
        }
        for (Supplier<Map<String, HealthCheck>> source : sources) {
            try {
                current.putAll(source.get());
            } catch (RuntimeException ex) {
                current.put("checks", () -> HealthCheck.Status.down(ex.toString()));
            }
        }
        return current;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
