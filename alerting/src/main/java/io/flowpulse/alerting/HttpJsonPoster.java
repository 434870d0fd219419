package io.flowpulse.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a JSON body and sorts the answer into {@link DeliveryResult}s: 2xx delivered; 408, 429,
 * 5xx, timeouts and connection failures worth a retry; any other status rejected.
 */
public final class HttpJsonPoster {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_IN_DETAIL = 200;

    private final HttpClient http;
    private final Duration requestTimeout;

    public HttpJsonPoster(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    /** A client with this connect timeout, HTTP/1.1 (what most receivers speak), no redirects followed. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public DeliveryResult post(URI uri, JsonNode body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return DeliveryResult.rejected("cannot write JSON: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return DeliveryResult.retry("no answer from " + uri + " within " + requestTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return DeliveryResult.retry("cannot reach " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered();
        }
        String detail = "HTTP " + status + " from " + uri + shorten(response.body());
        return status == 408 || status == 429 || status >= 500 ? DeliveryResult.retry(detail)
                : DeliveryResult.rejected(detail);
    }

    private static String shorten(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > BODY_IN_DETAIL ? b.substring(0, BODY_IN_DETAIL) + "..." : b);
    }
}
