package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessLifetimeIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void servicesDieWithAJvmThatIsKilledWithoutShutdownHooks() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StackInAnotherJvm.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        List<ProcessHandle> tree;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("pids "));
            assertThat(line).as("the other JVM reports the pids of ClickHouse").isNotNull();
            tree = Arrays.stream(line.substring(5).split(" "))
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .flatMap(Optional::stream).collect(Collectors.toList());
            assertThat(tree).hasSizeGreaterThanOrEqualTo(3).allMatch(ProcessHandle::isAlive);
            assertThat(tree).anyMatch(p -> p.info().command().orElse("").contains("clickhouse"));

            jvm.destroyForcibly().waitFor();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aServiceThatDiesAtStartUpFailsWithTheTailOfItsLog() throws Exception {
        Path fakeServer = dir.resolve("clickhouse-server");
        Files.writeString(fakeServer, "#!/bin/sh\necho 'fake server: cannot open its data directory'\nexit 3\n");
        Files.setPosixFilePermissions(fakeServer, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(ClickHouseServer.BINARY_PROPERTY, fakeServer.toString());
        try (LocalStack stack = LocalStack.create(dir.resolve("stack"))) {
            assertThatThrownBy(stack::clickHouse)
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("clickhouse exited with code 3 before it was ready")
                    .hasMessageContaining("clickhouse.log")
                    .hasMessageContaining("fake server: cannot open its data directory");
            assertThat(stack.services()).noneMatch(LocalService::isRunning);
        } finally {
            System.clearProperty(ClickHouseServer.BINARY_PROPERTY);
        }
    }

    @Test
    void aMissingServerBinaryNamesTheInstallScript() {
        System.setProperty(ClickHouseServer.BINARY_PROPERTY, dir.resolve("absent").toString());
        try (LocalStack stack = LocalStack.create(dir.resolve("stack"))) {
            assertThatThrownBy(stack::clickHouse)
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("scripts/install-clickhouse.sh");
        } finally {
            System.clearProperty(ClickHouseServer.BINARY_PROPERTY);
        }
    }
}
