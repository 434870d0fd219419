package io.flowpulse.localstack.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.PortAllocator;
import io.flowpulse.localstack.background.BackgroundStack.Outcome;
import io.flowpulse.localstack.background.BackgroundStack.ServiceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundStackIntegrationTest {

    @TempDir
    Path dir;

    @AfterEach
    void stopLeftovers() throws Exception {
        new BackgroundStack(dir, PortAllocator.anyFree()).down(true);
    }

    @Test
    void servicesOutliveTheCommandThatStartedThemAndStopOnDown() throws Exception {
        // the JVM running "up" has no ClickHouse binary: Kafka and the registry must start regardless
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + ClickHouseServer.BINARY_PROPERTY + "=/nonexistent/clickhouse-server",
                StackUpInAnotherJvm.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(up.getInputStream().readAllBytes());
        assertThat(up.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).contains("kafka STARTED 127.0.0.1:").contains("registry STARTED http://127.0.0.1:")
                .contains("clickhouse UNAVAILABLE");

        BackgroundStack stack = new BackgroundStack(dir, PortAllocator.anyFree());
        List<ServiceReport> afterUp = stack.status();
        assertThat(afterUp).extracting(ServiceReport::service, ServiceReport::outcome)
                .containsExactly(tuple("kafka", Outcome.UP), tuple("registry", Outcome.UP),
                        tuple("clickhouse", Outcome.DOWN));

        List<ServiceReport> secondUp = stack.up();
        assertThat(secondUp).extracting(ServiceReport::service, ServiceReport::outcome)
                .containsExactly(tuple("kafka", Outcome.ALREADY_RUNNING), tuple("registry", Outcome.ALREADY_RUNNING),
                        tuple("clickhouse", Outcome.STARTED));
        assertThat(secondUp.get(0).endpoint()).isEqualTo(afterUp.get(0).endpoint());
        assertThat(stack.status()).extracting(ServiceReport::outcome).containsOnly(Outcome.UP);
        List<ProcessHandle> processes = secondUp.stream()
                .map(report -> ProcessHandle.of(report.pid()).orElseThrow()).toList();

        List<ServiceReport> down = stack.down(false);
        assertThat(down).extracting(ServiceReport::outcome).containsOnly(Outcome.STOPPED).hasSize(3);
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(stack.status()).extracting(ServiceReport::outcome).containsOnly(Outcome.DOWN);
        assertThat(stack.down(false)).isEmpty();
        assertThat(dir.resolve("kafka-data/meta.properties")).exists();
    }

    @Test
    void restartKeepsAddressesAndBrokerData() throws Exception {
        BackgroundStack stack = new BackgroundStack(dir, PortAllocator.anyFree());
        List<ServiceReport> first = stack.up();
        String clusterMeta = Files.readString(dir.resolve("kafka-data/meta.properties"));
        stack.down(false);

        List<ServiceReport> second = stack.up();
        assertThat(second).extracting(ServiceReport::outcome).containsOnly(Outcome.STARTED);
        assertThat(second).extracting(ServiceReport::endpoint)
                .containsExactlyElementsOf(first.stream().map(ServiceReport::endpoint).toList());
        assertThat(Files.readString(dir.resolve("kafka-data/meta.properties"))).isEqualTo(clusterMeta);
        assertThat(stack.status()).extracting(ServiceReport::outcome).containsOnly(Outcome.UP);
        second.forEach(r -> System.out.printf("background %s started in %d ms%n", r.service(), r.startupTime().toMillis()));
    }
}
