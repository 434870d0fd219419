package io.flowpulse.cli.demo;

import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.runtime.service.Service;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The demo's first service: Kafka and the schema registry as local processes and, when it is wanted and
 * can run, ClickHouse; without ClickHouse the demo runs without the sink. Stopped last, it stops them.
 */
final class DemoStack implements Service {

    private final Path workDir;
    private final boolean wantClickHouse;
    private final Consumer<String> status;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile LocalStack stack;
    private String bootstrapServers;
    private String registryUrl;
    private String clickHouseUrl;

    DemoStack(Path workDir, boolean wantClickHouse, Consumer<String> status) {
        this.workDir = workDir;
        this.wantClickHouse = wantClickHouse;
        this.status = status;
    }

    @Override
    public String name() {
        return "stack";
    }

    /** Returns once Kafka and the registry answer, and ClickHouse does or was given up on. */
    @Override
    public void start() {
        status.accept("starting Kafka and the schema registry under " + workDir + " ...");
        stack = LocalStack.createOwned(workDir.resolve("stack"));
        stack.startKafkaAndRegistry();
        bootstrapServers = stack.kafka().bootstrapServers();
        registryUrl = stack.registry().url();
        if (stopRequested.getCount() > 0) {
            clickHouseUrl = startClickHouse();
        }
    }

    private String startClickHouse() {
        if (!wantClickHouse) {
            status.accept("sink off (--no-sink)");
            return null;
        }
        if (!ClickHouseServer.isInstalled() && !ClickHouseInstall.run(workDir, status)) {
            status.accept("ClickHouse is not installed (" + ClickHouseServer.INSTALL_HINT + "); running without the sink");
            return null;
        }
        try {
            return stack.clickHouse().httpUrl();
        } catch (RuntimeException e) {
            status.accept("ClickHouse could not be started (" + e.getMessage().lines().findFirst().orElse("") + ");"
                    + " running without the sink");
            return null;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String registryUrl() {
        return registryUrl;
    }

    /** ClickHouse's HTTP URL; null when the demo runs without it. */
    String clickHouseUrl() {
        return clickHouseUrl;
    }

    /** What ClickHouse holds in the demo's tables, one count each. */
    String clickHouseSummary() {
        StringBuilder sb = new StringBuilder("ClickHouse holds:");
        for (String table : new String[] {"link_windows", "dns_windows", "latency_windows", "alerts"}) {
            String count;
            try {
                count = stack.clickHouse().query("SELECT count() FROM flowpulse." + table + " FINAL").trim();
            } catch (RuntimeException e) {
                count = "? (" + e.getMessage() + ")";
            }
            sb.append(' ').append(table).append('=').append(count);
        }
        return sb.toString();
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    @Override
    public void await() throws InterruptedException {
        stopRequested.await();
    }

    @Override
    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /** Stops every process and deletes their data; the logs stay in the work directory. */
    @Override
    public void close() {
        stop();
        if (stack != null) {
            stack.close();
        }
    }
}
