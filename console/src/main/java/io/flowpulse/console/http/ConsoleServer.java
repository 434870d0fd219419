package io.flowpulse.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowpulse.console.ConsoleMetrics;
import io.flowpulse.console.history.ClientQueue;
import io.flowpulse.console.history.ConsoleEvent;
import io.flowpulse.console.history.EventHub;
import io.flowpulse.console.json.RecordJson;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP side on the JDK's server: the page and its assets, the event stream
 * ({@code /api/events}), the snapshot and the filtered history as JSON. Each event-stream client
 * has a thread of its own that drains its {@link ClientQueue}; a client that does not read blocks
 * only that thread, while its queue overflows into a snapshot.
 *
 * <p>Every response carries a strict Content-Security-Policy and no CORS header; only GET and
 * HEAD are served; API query parameters are checked ({@link QueryParams}), 400 with the reason.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String WEB = "/io/flowpulse/console/web/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}\\.(js|css|svg|html)");
    private static final Set<String> RECORDS = Set.of("link", "dns", "latency", "alert");
    private static final Set<String> LEVELS = Set.of("workload", "node", "subnet");
    private static final Set<String> KINDS = Set.of("tcp_handshake", "dns", "http");

    /** Settings of the HTTP side. */
    public record Options(String host, int port, String token, int maxClients, Duration heartbeat) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final EventHub hub;
    private final ConsoleMetrics metrics;
    private final Supplier<String> meta;
    private final Access access;
    private final Duration heartbeat;
    private final Semaphore slots;
    private final AtomicInteger streaming = new AtomicInteger();
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private ConsoleServer(HttpServer server, ExecutorService executor, EventHub hub, ConsoleMetrics metrics,
                          Supplier<String> meta, Options options) {
        this.server = server;
        this.executor = executor;
        this.hub = hub;
        this.metrics = metrics;
        this.meta = meta;
        this.heartbeat = options.heartbeat();
        this.slots = new Semaphore(options.maxClients());
        this.access = new Access(options.token(), server.getAddress().getAddress());
    }

    /**
     * Binds and serves. {@code meta} gives the snapshot's {@code meta} object (history bounds and
     * the like) as JSON.
     */
    public static ConsoleServer start(Options options, EventHub hub, ConsoleMetrics metrics, Supplier<String> meta)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "console-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ConsoleServer console = new ConsoleServer(server, executor, hub, metrics, meta, options);
        server.createContext("/", console::handle);
        server.setExecutor(executor);
        server.start();
        return console;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The page's address as a person types it: {@code http://127.0.0.1:PORT/} for every interface, else the
     * bound address (which may be another loopback address such as 127.0.0.2, where 127.0.0.1 does not answer).
     */
    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        String host;
        if (bound == null || bound.isAnyLocalAddress()) {
            host = "127.0.0.1";
        } else if (bound instanceof Inet6Address) {
            host = "[" + bound.getHostAddress() + "]";
        } else {
            host = bound.getHostAddress();
        }
        return "http://" + host + ":" + port() + "/";
    }

    /** Event-stream clients connected now. */
    public int streamingClients() {
        return streaming.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            handleOpen(exchange);
        }
    }

    private void handleOpen(HttpExchange exchange) {
        try {
            Headers out = exchange.getResponseHeaders();
            securityHeaders(out);
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                out.set("Allow", "GET, HEAD");
                metrics.rejected("method");
                sendText(exchange, 405, "only GET and HEAD are served");
                return;
            }
            if (!access.hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                metrics.rejected("host");
                sendText(exchange, 403, "the Host header does not name this machine");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/") && access.tokenRequired() && exchange.getRequestURI().getRawQuery() != null) {
                // opening /?token=T once sets the cookie the page's requests then carry
                QueryParams q = QueryParams.parse(exchange.getRequestURI().getRawQuery(), Set.of("token"));
                if (q.get("token").filter(access::matches).isPresent()) {
                    out.add("Set-Cookie", Access.COOKIE + "=" + q.get("token").get()
                            + "; Path=/; HttpOnly; SameSite=Strict");
                    out.set("Location", "/");
                    sendText(exchange, 303, "see /");
                    return;
                }
            }
            if (!access.authorized(exchange.getRequestHeaders().get("Authorization"),
                    exchange.getRequestHeaders().get("Cookie"))) {
                metrics.rejected("token");
                out.set("WWW-Authenticate", "Bearer realm=\"flowpulse console\"");
                sendText(exchange, 401, "a bearer token is required (open /?token=TOKEN once in the browser)");
                return;
            }
            route(exchange, path);
        } catch (BadRequestException e) {
            metrics.rejected("bad-request");
            try {
                sendJson(exchange, 400, RecordJson.write(RecordJson.mapper().createObjectNode().put("error", e.getMessage())));
            } catch (IOException gone) {
                LOG.debug("console: client went away: {}", gone.toString());
            }
        } catch (IOException e) {
            LOG.debug("console: client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("console: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString(), e);
            try {
                sendText(exchange, 500, "internal error");
            } catch (IOException | RuntimeException ignored) {
                // headers may be gone already
            }
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        switch (path) {
            case "/", "/index.html" -> {
                QueryParams.parse(query, access.tokenRequired() ? Set.of("token") : Set.of());
                asset(exchange, "index.html");
            }
            case "/api/events" -> events(exchange, QueryParams.parse(query, Set.of("last-event-id")));
            case "/api/snapshot" -> {
                QueryParams.parse(query, Set.of());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                SseWriter.writeSnapshotJson(hub.snapshot(), meta.get(), body);
                sendJson(exchange, 200, body.toString(StandardCharsets.UTF_8));
            }
            case "/api/history" -> history(exchange, QueryParams.parse(query,
                    Set.of("record", "level", "kind", "src", "dst", "client", "id", "limit")));
            default -> {
                if (path.startsWith("/assets/") && ASSET.matcher(path.substring(8)).matches()) {
                    QueryParams.parse(query, Set.of("v"));
                    asset(exchange, path.substring(8));
                } else {
                    sendText(exchange, 404, "not found");
                }
            }
        }
    }

    private void events(HttpExchange exchange, QueryParams query) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        OptionalLong last = header != null && !header.isBlank()
                ? OptionalLong.of(QueryParams.parseEventId("Last-Event-ID", header))
                : query.eventId("last-event-id");
        if (closing) {
            sendText(exchange, 503, "the console is stopping");
            return;
        }
        if (!slots.tryAcquire()) {
            metrics.rejected("too-many-clients");
            exchange.getResponseHeaders().set("Retry-After", "10");
            sendText(exchange, 503, "too many event-stream clients");
            return;
        }
        ClientQueue queue = hub.subscribe(last);
        streaming.incrementAndGet();
        try {
            Headers h = exchange.getResponseHeaders();
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            h.set("Cache-Control", "no-store");
            h.set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            if (exchange.getRequestMethod().equals("HEAD")) {
                return;
            }
            OutputStream body = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024);
            SseWriter sse = new SseWriter(body);
            sse.retry(2000);
            sse.comment("flowpulse console");
            sse.flush();
            stream(queue, sse);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(queue);
            streaming.decrementAndGet();
            slots.release();
        }
    }

    private void stream(ClientQueue queue, SseWriter sse) throws IOException, InterruptedException {
        long heartbeatMillis = heartbeat.toMillis();
        while (true) {
            ClientQueue.Next next = queue.take(heartbeatMillis);
            switch (next.kind()) {
                case CLOSED -> {
                    return;
                }
                case IDLE -> {
                    sse.comment("heartbeat " + System.currentTimeMillis());
                    sse.flush();
                    metrics.heartbeat();
                }
                case SNAPSHOT -> {
                    sse.snapshot(hub.snapshotFor(queue), meta.get());
                    metrics.snapshotSent();
                    if (queue.isDrained()) {
                        sse.flush();
                    }
                }
                case EVENT -> {
                    sse.event(next.event());
                    metrics.eventSent();
                    if (queue.isDrained()) {
                        sse.flush();
                    }
                }
            }
        }
    }

    /** The retained events of one record type, optionally of one key, newest last, as a JSON array. */
    private void history(HttpExchange exchange, QueryParams q) throws IOException {
        String record = q.oneOf("record", RECORDS).orElseThrow(
                () -> new BadRequestException("parameter 'record' is required: link, dns, latency or alert"));
        Optional<String> level = q.oneOf("level", LEVELS);
        Optional<String> kind = q.oneOf("kind", KINDS);
        Optional<String> src = q.name("src");
        Optional<String> dst = q.name("dst");
        Optional<String> client = q.name("client");
        Optional<String> id = q.name("id");
        OptionalInt limit = q.intIn("limit", 1, 10_000);
        if (record.equals("dns") && (level.isPresent() || src.isPresent() || dst.isPresent() || kind.isPresent())) {
            throw new BadRequestException("DNS windows are per client: use 'client', not level, kind, src or dst");
        }
        if (!record.equals("dns") && client.isPresent()) {
            throw new BadRequestException("parameter 'client' is for record=dns only");
        }
        if (!record.equals("latency") && kind.isPresent()) {
            throw new BadRequestException("parameter 'kind' is for record=latency only");
        }
        if (!record.equals("alert") && id.isPresent()) {
            throw new BadRequestException("parameter 'id' is for record=alert only");
        }
        List<String> matches = new ArrayList<>();
        for (ConsoleEvent e : hub.snapshot().events()) {
            boolean alert = record.equals("alert");
            if (alert ? !e.type().equals(ConsoleEvent.ALERT) : !e.type().equals(ConsoleEvent.WINDOW)) {
                continue;
            }
            JsonNode n = RecordJson.mapper().readTree(e.json());
            if (!alert && !record.equals(n.path("record").asText())
                    || !field(n, "level", level) || !field(n, "kind", kind) || !field(n, "src", src)
                    || !field(n, "dst", dst) || !field(n, "client", client) || !field(n, "id", id)) {
                continue;
            }
            matches.add("{\"id\":" + e.id() + ",\"data\":" + e.json() + "}");
        }
        int n = limit.orElse(1000);
        List<String> newest = matches.subList(Math.max(0, matches.size() - n), matches.size());
        sendJson(exchange, 200, "[" + String.join(",", newest) + "]");
    }

    private static boolean field(JsonNode n, String name, Optional<String> wanted) {
        return wanted.isEmpty() || wanted.get().equals(n.path(name).asText());
    }

    private void asset(HttpExchange exchange, String name) throws IOException {
        byte[] bytes = assets.computeIfAbsent(name, ConsoleServer::load);
        if (bytes.length == 0) {
            sendText(exchange, 404, "not found");
            return;
        }
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml"
                : "text/html; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, bytes);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(WEB + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void securityHeaders(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Ends every stream and stops serving. */
    @Override
    public void close() {
        closing = true;
        hub.closeAll();
        server.stop(0);
        executor.shutdownNow();
    }

    /** For the snapshot's meta: a small JSON object. */
    public static String meta(Map<String, Object> fields) {
        ObjectNode o = RecordJson.mapper().createObjectNode();
        fields.forEach((k, v) -> o.set(k, RecordJson.mapper().valueToTree(v)));
        return RecordJson.write(o);
    }
}
