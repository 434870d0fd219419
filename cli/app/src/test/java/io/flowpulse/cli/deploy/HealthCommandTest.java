package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowpulse.cli.FlowpulseCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code flowpulse health URL}, the command the container health checks run. */
class HealthCommandTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", ex -> answer(ex, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", ex -> answer(ex, 503, "{\"status\":\"DOWN\"}"));
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().set("Location", "/up");
            answer(ex, 302, "");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "late");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void twoHundredIsHealthy() {
        Run run = run("health", base + "/up");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("200", "UP");
    }

    @Test
    void anythingElseIsNot() {
        Run down = run("health", base + "/down");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("503", "DOWN");
        assertThat(run("health", base + "/moved").code()).as("redirects are not followed").isEqualTo(1);
        assertThat(run("health", "--quiet", base + "/down").err()).isEmpty();
    }

    @Test
    void aClosedPortOrASlowAnswerIsUnhealthyWithinTheTimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run refused = run("health", "http://127.0.0.1:" + closed + "/health/ready");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach");

        long started = System.nanoTime();
        Run slow = run("health", "--timeout", "500ms", base + "/slow");
        assertThat(slow.code()).isEqualTo(1);
        assertThat(slow.err()).contains("no answer within 500ms");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_500);
    }

    @Test
    void wrongUsageExitsWithTwo() {
        assertThat(run("health", "ftp://example.org/").code()).isEqualTo(2);
        assertThat(run("health", "not a url").code()).isEqualTo(2);
        assertThat(run("health", "--timeout", "0s", base + "/up").code()).isEqualTo(2);
        assertThat(run("health").code()).isEqualTo(2);
        Run help = run("health", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: flowpulse health", "--timeout");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FlowpulseCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
