package io.flowpulse.cli;

import io.flowpulse.runtime.Durations;
import io.flowpulse.runtime.service.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flowpulse health URL}: one GET, exit 0 on a 2xx answer and 1 otherwise. Container health
 * checks use it on a service's {@code /health/ready}, so that they need no shell, curl or wget.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Ask a Flowpulse service whether it is healthy: one GET of URL.",
            "Exits 0 when the answer is 2xx, 1 on any other status, a refused connection or a timeout."},
        footer = {"", "Example (a container health check):",
            "  flowpulse health http://127.0.0.1:9401/health/ready"})
public final class HealthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "http:// or https:// URL, e.g. http://127.0.0.1:9402/health/ready.")
    String url;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Give up after this long, connecting included (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; the exit code says it all.")
    boolean quiet;

    @Override
    public Integer call() {
        URI target;
        Duration limit;
        try {
            target = URI.create(url);
            limit = Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("flowpulse health: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!"http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())
                || target.getHost() == null) {
            spec.commandLine().getErr().println("flowpulse health: not an http(s) URL: " + url);
            return ExitCodes.USAGE;
        }
        if (limit.isZero() || limit.isNegative()) {
            spec.commandLine().getErr().println("flowpulse health: --timeout must be positive, got " + timeout);
            return ExitCodes.USAGE;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(limit)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(limit).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            boolean healthy = response.statusCode() / 100 == 2;
            report(healthy, response.statusCode() + " " + response.body().strip());
            return healthy ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (HttpTimeoutException e) {
            report(false, "no answer within " + timeout);
        } catch (IOException e) {
            report(false, "cannot reach " + url + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(false, "interrupted");
        }
        return ExitCodes.FAILURE;
    }

    private void report(boolean healthy, String line) {
        if (!quiet) {
            (healthy ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(line);
        }
    }
}
