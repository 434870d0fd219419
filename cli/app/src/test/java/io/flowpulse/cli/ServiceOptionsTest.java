package io.flowpulse.cli;

import io.flowpulse.runtime.service.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.flowpulse.runtime.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ServiceOptionsTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        ServiceOptions service;

        @Override
        public void run() {
        }
    }

    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() {
        new LoggingSettings(Level.INFO, LoggingSettings.TEXT).apply();
    }

    private static ServiceOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.service;
    }

    @Test
    void setTakesEverythingAfterTheFirstEqualsSign() {
        ServiceOptions options = parse("--set", "kafka.sasl.jaas.config=a=b c=d", "--set", " alerts.link.drop-rate = 0.1",
                "--set", "clickhouse.password=");
        assertThat(options.settings).containsExactly(
                new ConfigOptions.Setting("kafka.sasl.jaas.config", "a=b c=d"),
                new ConfigOptions.Setting("alerts.link.drop-rate", "0.1"),
                new ConfigOptions.Setting("clickhouse.password", ""));
    }

    @Test
    void httpHostBindsTheMetricsAndHealthEndpoint() {
        Config config = parse("--http-host", "127.0.0.1").load(Map.of("http.host", "0.0.0.0"), Map.of(), Map.of());
        assertThat(config.get("http.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void aMalformedSetIsAUsageError() {
        for (String malformed : new String[] {"alerts.link.drop-rate", "=0.1", " =0.1"}) {
            assertThatThrownBy(() -> parse("--set", malformed))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("KEY=VALUE").hasMessageContaining(malformed);
        }
    }

    @Test
    void commandsExitWithTwoOnAMalformedSet() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("streams", "--set", "no-equals-sign")).isEqualTo(ExitCodes.USAGE);
            assertThat(Main.run("replay", "--input", "capture.json", "--report", "report.json",
                    "--set", "no-equals-sign")).isEqualTo(ExitCodes.USAGE);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--set").contains("no-equals-sign");
    }

    @Test
    void defaultsThenFileThenEnvironmentThenOptionsThenSet() throws Exception {
        Path file = dir.resolve("flowpulse.yaml");
        Files.writeString(file, """
                a: file
                b: file
                c: file
                d: file
                kafka:
                  bootstrap.servers: file:9092
                """);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String key : new String[] {"a", "b", "c", "d", "e"}) {
            defaults.put(key, "default");
        }
        defaults.put("kafka.bootstrap.servers", "default:9092");
        Map<String, String> env = Map.of("FLOWPULSE_B", "env", "FLOWPULSE_C", "env", "FLOWPULSE_D", "env",
                "FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS", "env:9092");
        Map<String, String> commandOptions = Map.of("c", "option", "d", "option");

        Config config = parse("--config", file.toString(), "--bootstrap-servers", "option:9092", "--set", "d=set")
                .load(defaults, commandOptions, env);
        assertThat(config.get("e")).isEqualTo("default");
        assertThat(config.get("a")).isEqualTo("file");
        assertThat(config.get("b")).isEqualTo("env");
        assertThat(config.get("c")).isEqualTo("option");
        assertThat(config.get("d")).isEqualTo("set");
        assertThat(config.get("kafka.bootstrap.servers")).isEqualTo("option:9092");

        Config set = parse("--bootstrap-servers", "option:9092", "--set", "kafka.bootstrap.servers=set:9092",
                "--set", "kafka.bootstrap.servers=last:9092").load(defaults, Map.of(), env);
        assertThat(set.get("kafka.bootstrap.servers")).as("--set wins, the last one of a key").isEqualTo("last:9092");
    }

    @Test
    void logLevelAndFormatFromFileEnvironmentOptionAndSet() throws Exception {
        Path file = dir.resolve("logging.yaml");
        Files.writeString(file, "log:\n  level: warn\n");
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();

        parse("--config", file.toString()).load(Map.of(), Map.of(), Map.of());
        assertThat(logback.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.WARN);

        parse("--config", file.toString()).load(Map.of(), Map.of(), Map.of("FLOWPULSE_LOG_LEVEL", "ERROR"));
        assertThat(logback.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.ERROR);

        parse("--log-level", "debug").load(Map.of(), Map.of(), Map.of("FLOWPULSE_LOG_LEVEL", "ERROR"));
        assertThat(logback.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.DEBUG);

        Config config = parse("--log-level", "debug", "--set", "log.level=TRACE", "--log-format", "json")
                .load(Map.of(), Map.of(), Map.of());
        assertThat(config.get(LoggingSettings.FORMAT)).isEqualTo("json");
        assertThat(logback.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.TRACE);

        assertThatThrownBy(() -> parse("--log-format", "xml").load(Map.of(), Map.of(), Map.of()))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("log.format");
        assertThatThrownBy(() -> parse("--set", "log.level=loud").load(Map.of(), Map.of(), Map.of()))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("log.level");
    }
}
