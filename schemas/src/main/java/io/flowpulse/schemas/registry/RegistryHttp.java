package io.flowpulse.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * JSON over HTTP to a Confluent-API registry, with retries. Gives back every answer that is not
 * worth retrying (2xx and 4xx) and throws {@link SchemaRegistryException} once the retry budget
 * is spent on connect errors, timeouts and 5xx answers.
 */
final class RegistryHttp {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    /** A final answer of the registry. {@code json} is a NullNode when the body was not JSON. */
    record Answer(int status, JsonNode json, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String baseUrl;
    private final String authorization;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json;

    RegistryHttp(String baseUrl, String basicAuthUserInfo, RetryPolicy retry, Duration requestTimeout,
                 Duration connectTimeout, javax.net.ssl.SSLContext sslContext, ObjectMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = basicAuthUserInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.json = json;
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (sslContext != null) {
            client.sslContext(sslContext);
        }
        this.http = client.build();
    }

    String baseUrl() {
        return baseUrl;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    Answer put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    private Answer send(String method, String path, JsonNode body) {
        URI uri = URI.create(baseUrl + path);
        byte[] payload = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        long deadlineNanos = retry.deadline().toNanos();
        String lastError = "no attempt made";
        Throwable lastCause = null;
        int attempts = 0;
        while (attempts < retry.maxAttempts()) {
            long left = deadlineNanos - (System.nanoTime() - start);
            if (left <= 0) {
                break;
            }
            attempts++;
            Duration timeout = Duration.ofNanos(Math.min(requestTimeout.toNanos(), left));
            try {
                HttpResponse<String> response = http.send(request(method, uri, payload, timeout),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (!isRetryable(response.statusCode())) {
                    return new Answer(response.statusCode(), parse(response.body()), response.body());
                }
                lastError = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
                lastCause = null;
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while calling the schema registry: " + method + " " + uri, e);
            }
            if (attempts >= retry.maxAttempts()) {
                break;
            }
            long pause = retry.backoffAfter(attempts).toNanos();
            if (System.nanoTime() - start + pause >= deadlineNanos) {
                break;
            }
            sleep(pause, method, uri);
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        throw new SchemaRegistryException("Schema registry unreachable: " + method + " " + uri + " failed after "
                + attempts + " attempt(s) in " + elapsedMs + " ms (retry budget: " + retry.maxAttempts()
                + " attempts within " + retry.deadline().toMillis() + " ms); last error: " + lastError, lastCause);
    }

    private HttpRequest request(String method, URI uri, byte[] payload, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (payload == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        }
        return builder.build();
    }

    private static boolean isRetryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    private static void sleep(long nanos, String method, URI uri) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while retrying " + method + " " + uri, e);
        }
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "...";
    }
}
