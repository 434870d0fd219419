package io.flowpulse.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that records every JSON body POSTed to a path and answers each with a
 * status the test sets (200 unless told otherwise).
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST: the status answered and the body. */
    record Request(int status, JsonNode body, String idempotencyKey) {
    }

    private final HttpServer server;
    private final String path;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    WebhookReceiver(String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                int answer = status.get();
                requests.add(new Request(answer, body, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        server.start();
        this.path = path;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int httpStatus) {
        status.set(httpStatus);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The bodies answered with 2xx. */
    List<JsonNode> delivered() {
        return requests.stream().filter(r -> r.status() / 100 == 2).map(Request::body).toList();
    }

    long failedAttempts() {
        return requests.stream().filter(r -> r.status() / 100 != 2).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
