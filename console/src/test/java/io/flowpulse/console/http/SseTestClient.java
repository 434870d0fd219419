package io.flowpulse.console.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A plain event-stream client over a socket (HTTP/1.1, chunked), as a browser's EventSource
 * reads it: events with their id, name and data, comments counted. Closing the socket ends it.
 */
public final class SseTestClient implements AutoCloseable {

    public record Event(long id, String type, String data) {
    }

    private final Socket socket;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile int status;
    private volatile Map<String, String> headers = Map.of();
    private volatile int comments;
    private volatile Throwable failure;
    private volatile boolean discard;
    private volatile long received;

    /** Keeps only events whose data mentions "marker" (for benchmarks: nothing piles up in the client). */
    public SseTestClient discarding() {
        discard = true;
        return this;
    }

    public long received() {
        return received;
    }

    private SseTestClient(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
    }

    public static SseTestClient connect(int port, String pathAndQuery, String lastEventId) throws IOException {
        SseTestClient client = open(port, pathAndQuery, lastEventId, 0);
        client.startReading();
        return client;
    }

    /** Sends the request but reads nothing until {@link #startReading()}; a receive buffer of {@code rcvbuf} bytes if > 0. */
    public static SseTestClient open(int port, String pathAndQuery, String lastEventId, int rcvbuf) throws IOException {
        Socket socket = new Socket();
        if (rcvbuf > 0) {
            socket.setReceiveBufferSize(rcvbuf);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new SseTestClient(socket);
    }

    public void startReading() {
        reader.start();
    }

    private void read() {
        try (InputStream raw = new BufferedInputStream(socket.getInputStream())) {
            String statusLine = line(raw);
            status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (String l = line(raw); !l.isEmpty(); l = line(raw)) {
                int colon = l.indexOf(':');
                h.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
            }
            headers = h;
            boolean chunked = "chunked".equalsIgnoreCase(h.get("transfer-encoding"));
            java.io.BufferedReader body = new java.io.BufferedReader(new java.io.InputStreamReader(
                    chunked ? new Chunked(raw) : raw, StandardCharsets.UTF_8), 64 * 1024);
            long id = -1;
            String type = "message";
            StringBuilder data = null;
            for (String l = body.readLine(); l != null; l = body.readLine()) {
                if (l.isEmpty()) {
                    if (data != null) {
                        received++;
                        if (!discard || data.indexOf("marker") >= 0) {
                            events.add(new Event(id, type, data.toString()));
                        }
                    }
                    type = "message";
                    data = null;
                } else if (l.startsWith(":")) {
                    comments++;
                } else if (l.startsWith("id: ")) {
                    id = Long.parseLong(l.substring(4));
                } else if (l.startsWith("event: ")) {
                    type = l.substring(7);
                } else if (l.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(l.substring(6)) : data.append('\n').append(l.substring(6));
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Reads one line (CRLF or LF); null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                buf.write(b);
            }
        }
        if (b == -1 && buf.size() == 0) {
            return null;
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The next event, or null after the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event of this type, skipping others; fails after the timeout. */
    public Event nextOfType(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (e != null && e.type().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no '" + type + "' event within " + timeout + (failure == null ? "" : "; " + failure));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int comments() {
        return comments;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Decodes HTTP/1.1 chunked transfer encoding. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first == -1) {
                return -1;
            }
            b[off] = (byte) first;
            int n = (int) Math.min(len - 1, left);
            int got = n == 0 ? 0 : in.read(b, off + 1, n);
            if (got > 0) {
                left -= got;
            }
            return 1 + Math.max(0, got);
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    done = true;
                    return -1;
                }
                if (size.isEmpty()) {
                    size = line(in);
                }
                left = Long.parseLong(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                done = true;
                return -1;
            }
            left--;
            return b;
        }
    }
}
