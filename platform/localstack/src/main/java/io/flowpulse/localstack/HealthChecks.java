package io.flowpulse.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** One-shot health checks of the services by address, also for services another JVM started. */
public final class HealthChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthChecks() {
    }

    /** Checks the service with the given name (kafka, registry, clickhouse) at its endpoint. */
    public static boolean isHealthy(String service, String endpoint) {
        switch (service) {
            case "kafka":
                return kafka(endpoint);
            case "registry":
                return registry(endpoint);
            case "clickhouse":
                return clickHouse(endpoint);
            default:
                throw new IllegalArgumentException("unknown service " + service);
        }
    }

    /** The broker at host:port answers a cluster description with at least one node. */
    public static boolean kafka(String bootstrapServers) {
        String[] hostPort = bootstrapServers.split(":");
        if (!isListening(Integer.parseInt(hostPort[hostPort.length - 1]))) {
            return false;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The Confluent-compatible API lists its subjects. */
    public static boolean registry(String url) {
        return HttpProbe.answersOk(url + "/subjects", TIMEOUT);
    }

    /** ClickHouse answers its ping with Ok. */
    public static boolean clickHouse(String httpUrl) {
        try {
            HttpResponse<String> response = HttpProbe.get(httpUrl + "/ping", TIMEOUT);
            return response.statusCode() == 200 && response.body().startsWith("Ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int portOf(String url) {
        return URI.create(url).getPort();
    }
}
