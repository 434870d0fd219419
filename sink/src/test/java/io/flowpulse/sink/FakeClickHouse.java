package io.flowpulse.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers on ClickHouse's HTTP interface the way the sink needs for unit tests: every query
 * succeeds ({@code SELECT version()} says 18.16.1, anything else returns no rows); inserts
 * are accepted, refused with a ClickHouse error body (HTTP 500, a code that is not about the
 * data, so the sink retries the whole round), or held until {@link #release()}. {@link #down()}
 * closes the port, {@link #up()} opens it again.
 */
final class FakeClickHouse implements AutoCloseable {

    static final String REFUSAL = "Code: 241, e.displayText() = DB::Exception: Memory limit (total) exceeded: "
            + "would use 9.31 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 9.31 GiB (version 18.16.1)";

    private final int port;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-clickhouse");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;
    private volatile boolean refuseInserts;
    private volatile CountDownLatch hold;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger refusalsLeft = new AtomicInteger();

    FakeClickHouse() {
        this.port = freePort();
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A URL nothing answers on. */
    static String unreachableUrl() {
        return "http://127.0.0.1:" + freePort();
    }

    synchronized void up() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(handlers);
        server.start();
    }

    synchronized void down() {
        server.stop(0);
    }

    /** Refuses every insert until {@link #acceptInserts()}. */
    void refuseInserts() {
        refuseInserts = true;
    }

    /** Refuses the next {@code n} inserts, then accepts again. */
    void refuseNextInserts(int n) {
        refusalsLeft.set(n);
    }

    void acceptInserts() {
        refuseInserts = false;
        refusalsLeft.set(0);
    }

    /** Inserts wait, unanswered, until {@link #release()}. */
    void holdInserts() {
        hold = new CountDownLatch(1);
    }

    /** Lets the held inserts (and later ones) be answered. */
    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    int acceptedInserts() {
        return accepted.get();
    }

    int refusedInserts() {
        return refused.get();
    }

    /** Inserts that arrived while inserts were held. */
    int heldInserts() {
        return held.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] request = body.readAllBytes();
            String query = query(exchange.getRequestURI());
            if (query != null && query.startsWith("INSERT")) {
                answerInsert(exchange);
            } else {
                String sql = new String(request, StandardCharsets.UTF_8).strip();
                respond(exchange, 200, sql.equals("SELECT version()") ? "18.16.1\n" : "");
            }
        }
    }

    private void answerInsert(HttpExchange exchange) throws IOException {
        CountDownLatch h = hold;
        if (h != null) {
            held.incrementAndGet();
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (refuseInserts || refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refused.incrementAndGet();
            respond(exchange, 500, REFUSAL);
        } else {
            accepted.incrementAndGet();
            respond(exchange, 200, "");
        }
    }

    private static String query(URI uri) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            if (pair.startsWith("query=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
