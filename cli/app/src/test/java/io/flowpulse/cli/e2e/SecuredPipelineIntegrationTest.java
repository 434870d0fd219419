package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.flowpulse.cli.Main;
import io.flowpulse.cli.ServiceOptions;
import io.flowpulse.localstack.LocalService;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.localstack.SecuredLocalStack;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Metrics;
import io.flowpulse.runtime.ServiceEndpoint;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.sink.SinkClients;
import io.flowpulse.sink.SinkService;
import io.flowpulse.sink.SinkSettings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The Flowpulse path ingest -> Kafka -> sink -> ClickHouse against services secured as production
 * clusters are: Kafka only over SASL_SSL (SCRAM-SHA-512), the registry only over TLS with basic auth (an
 * nginx in front of it), ClickHouse only over HTTPS with a password; every certificate from a private CA.
 * The passwords reach the services from files ({@code ${file:...}}, {@code clickhouse.password.file}), as a
 * Kubernetes Secret mounts them. A wrong password fails each connection with a clear message. No log line
 * (at DEBUG for Flowpulse, INFO for the libraries), no output of the commands, no {@code --help}, no metric
 * and no dead letter holds a password.
 */
class SecuredPipelineIntegrationTest {

    private static final String USER = "flowpulse";
    private static final String PASSWORD = "Pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    /** Wrong passwords contain the right one, so a leak of a wrong one is caught by the same search. */
    private static final String WRONG = PASSWORD + "-wrong";

    private static SecuredLocalStack stack;
    private static Path dir;
    private static final Captured captured = new Captured();

    @Command(name = "sink")
    static final class SinkOptions implements Runnable {
        @Mixin
        ServiceOptions service;

        @Override
        public void run() {
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = LocalStack.defaultBaseDir().resolve("secured-pipeline-" + ProcessHandle.current().pid());
        stack = SecuredLocalStack.start(dir.resolve("stack"), USER, PASSWORD);
        captured.start();
    }

    @AfterAll
    static void stop() {
        captured.stop();
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void ingestAndSinkWorkOverSecuredConnectionsAndNoPasswordLeaks() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("password"), PASSWORD + "\n");
        Files.writeString(secrets.resolve("truststore-password"), stack.tls().storePassword() + "\n");
        Files.writeString(secrets.resolve("wrong-password"), WRONG + "\n");
        Path settings = dir.resolve("flowpulse-secured.yaml");
        Files.writeString(settings, securedSettings(secrets));
        ClusterModel model = ModelLoader.defaultModel();
        SimulatedCapture capture = SimulatedCapture.write(model, SimulationOptions.forModel(model).withSeed(5)
                .withDuration(Duration.ofMinutes(1)).withRateScale(0.05), dir, "capture");

        int ingest = Main.run("ingest", "--file", capture.file().toString(), "--config", settings.toString());
        assertThat(ingest).as("ingest over SASL_SSL and the TLS registry\n%s", captured.text()).isZero();

        Path report = dir.resolve("replay-report.json");
        int replay = Main.run("replay", "--through-kafka", "--input", capture.file().toString(), "--config",
                settings.toString(), "--report", report.toString());
        assertThat(replay).as("replay through the secured Kafka and registry\n%s", captured.text()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).path("input")
                .path("flows").asLong()).as("flows the replay analysed").isPositive();

        sendUndecodableFlow();
        Config sinkConfig = load(settings);
        SinkSettings sinkSettings = SinkSettings.from(sinkConfig);
        assertThat(sinkSettings.toString()).doesNotContain(PASSWORD).contains("******");
        String metrics;
        SinkService sink = new SinkService(sinkSettings, SinkClients.create(sinkSettings), Metrics.newRegistry("sink"),
                Duration.ofSeconds(30));
        try (ServiceEndpoint endpoint = ServiceEndpoint.serve(sink, "127.0.0.1", 0)) {
            sink.start();
            long rows = awaitRows(Duration.ofSeconds(60));
            System.out.printf("secured pipeline: %d capture lines, %d flows in ClickHouse over https%n",
                    capture.lines(), rows);
            assertThat(rows).isPositive();
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            sink.close();
        }
        assertThat(metrics).contains("flowpulse_").doesNotContain(PASSWORD);
        List<String> deadLetters = readDeadLetters();
        assertThat(deadLetters).as("the undecodable flow's dead letter").anyMatch(d -> d.contains("sink"));
        assertThat(deadLetters).noneMatch(d -> d.contains(PASSWORD));

        assertWrongPasswordsFailClearly(settings, secrets);

        for (String command : List.of("ingest", "sink", "streams", "console", "alert-forwarder", "replay", "health")) {
            Main.run(command, "--help");
        }
        assertThat(captured.text()).contains("--config").contains("flowpulse ingest");
        List<String> leaks = captured.lines().stream().filter(line -> line.contains(PASSWORD)).toList();
        assertThat(leaks).as("log lines and output holding a password").isEmpty();
        for (LocalService service : stack.services()) {
            assertThat(Files.readString(service.logFile())).as(service.name()).doesNotContain(PASSWORD);
        }
        System.out.printf("secured pipeline: %d log lines and output lines searched, no password among them%n",
                captured.lines().size());
    }

    private void assertWrongPasswordsFailClearly(Path settings, Path secrets) throws Exception {
        captured.mark();
        int kafka = Main.run("ingest", "--file", dir.resolve("capture.json").toString(), "--config", settings.toString(),
                "--set", "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + USER + "\" password=\"${file:" + secrets.resolve("wrong-password") + "}\";");
        assertThat(kafka).isNotZero();
        assertThat(captured.sinceMark()).as("a wrong Kafka password").contains("invalid credentials");

        captured.mark();
        int registry = Main.run("ingest", "--file", dir.resolve("capture.json").toString(), "--config",
                settings.toString(), "--set", "basic.auth.user.info=" + USER + ":" + WRONG);
        assertThat(registry).isNotZero();
        assertThat(captured.sinceMark()).as("a wrong registry password").contains("check the registry credentials");

        captured.mark();
        Config wrong = Config.builder().defaults(SinkSettings.DEFAULTS).file(settings)
                .overrides(java.util.Map.of("clickhouse.password.file", secrets.resolve("wrong-password").toString()))
                .build();
        SinkSettings wrongSettings = SinkSettings.from(wrong);
        SinkService sink = new SinkService(wrongSettings, SinkClients.create(wrongSettings), Metrics.newRegistry("sink"),
                Duration.ofSeconds(10));
        sink.start();
        Throwable failure = null;
        try {
            sink.await();
        } catch (Exception e) {
            failure = e;
        } finally {
            sink.close();
        }
        assertThat(failure).as("a wrong ClickHouse password").isNotNull();
        // ClickHouse 18.16 says "Wrong password for user", newer servers "password is incorrect"
        assertThat(failure.getMessage()).contains("ClickHouse").containsIgnoringCase("password")
                .doesNotContain(PASSWORD);
    }

    private static String securedSettings(Path secrets) {
        String ca = stack.tls().caCertificatePem().toString();
        return String.join("\n",
                "log.level: DEBUG",
                "kafka:",
                "  bootstrap.servers: " + stack.kafkaBootstrapServers(),
                "  security.protocol: SASL_SSL",
                "  sasl.mechanism: SCRAM-SHA-512",
                "  sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"${file:" + secrets.resolve("password") + "}\";'",
                "  ssl.truststore.type: PEM",
                "  ssl.truststore.location: " + ca,
                "schema.registry:",
                "  url: " + stack.registryUrl(),
                "  ssl.truststore.location: " + ca,
                "basic.auth:",
                "  credentials.source: USER_INFO",
                "  user.info: '" + USER + ":${file:" + secrets.resolve("password") + "}'",
                "clickhouse:",
                "  url: " + stack.clickHouseUrl(),
                "  user: " + USER,
                "  password.file: " + secrets.resolve("password"),
                "  ssl.truststore.location: " + stack.tls().trustStore(),
                "  ssl.truststore.password.file: " + secrets.resolve("truststore-password"),
                "sink.raw.flows: true",
                "sink.linger: 200ms",
                "http.host: 127.0.0.1",
                "http.port: 0",
                "");
    }

    private static Config load(Path settings) {
        SinkOptions options = new SinkOptions();
        new CommandLine(options).parseArgs("--config", settings.toString());
        return options.service.load(SinkSettings.DEFAULTS, java.util.Map.of());
    }

    private static Properties kafkaClient() {
        Properties p = stack.kafkaSecurityProperties();
        p.put("bootstrap.servers", stack.kafkaBootstrapServers());
        return p;
    }

    private static void sendUndecodableFlow() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafkaClient(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("hubble.flows.v1", "node".getBytes(StandardCharsets.UTF_8),
                    new byte[] {0, 0, 0, 0, 99, 1, 2, 3})).get(30, TimeUnit.SECONDS);
        }
    }

    private static long awaitRows(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            try {
                rows = Long.parseLong(stack.clickHouse().query("SELECT count() FROM flowpulse.flows").strip());
            } catch (RuntimeException notYet) {
                rows = 0;
            }
            if (rows > 0) {
                return rows;
            }
            Thread.sleep(200);
        }
        return rows;
    }

    /** Every dead letter as text: key, value and headers. */
    private static List<String> readDeadLetters() {
        Properties p = kafkaClient();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-dlq-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("flowpulse.dlq.v1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder();
                    text.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)).append(' ')
                            .append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                    for (Header h : r.headers()) {
                        text.append(' ').append(h.key()).append('=')
                                .append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    letters.add(text.toString());
                }
                if (letters.stream().anyMatch(d -> d.contains("sink"))) {
                    break;
                }
            }
        }
        return letters;
    }

    /** Everything written to stdout and stderr, and every log event as JSON (message, key-values, stack trace). */
    static final class Captured {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private PrintStream originalOut;
        private PrintStream originalErr;
        private AppenderBase<ILoggingEvent> appender;
        private Level originalRootLevel;
        private int markedEvents;
        private int markedOutput;

        void start() {
            originalOut = System.out;
            originalErr = System.err;
            System.setOut(new PrintStream(new Tee(originalOut, output), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(originalErr, output), true, StandardCharsets.UTF_8));
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.start();
            appender = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent event) {
                    lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
                }
            };
            appender.setContext(context);
            appender.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            originalRootLevel = root.getLevel();
            root.setLevel(Level.INFO); // the Kafka clients print their whole configuration at INFO
            root.addAppender(appender);
        }

        void stop() {
            if (appender == null) {
                return;
            }
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(appender);
            root.setLevel(originalRootLevel);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        /** The log events and the output lines so far. */
        List<String> lines() {
            List<String> all = new ArrayList<>(lines);
            all.addAll(output().lines().toList());
            return all;
        }

        String text() {
            return String.join("\n", lines());
        }

        void mark() {
            markedEvents = lines.size();
            markedOutput = output().length();
        }

        /** The log events and the output since {@link #mark()}. */
        String sinceMark() {
            List<String> events = new ArrayList<>(lines);
            return String.join("\n", events.subList(markedEvents, events.size())) + "\n"
                    + output().substring(markedOutput);
        }

        private String output() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        private static final class Tee extends OutputStream {
            private final OutputStream first;
            private final ByteArrayOutputStream second;

            Tee(OutputStream first, ByteArrayOutputStream second) {
                this.first = first;
                this.second = second;
            }

            @Override
            public void write(int b) {
                synchronized (second) {
                    second.write(b);
                }
                try {
                    first.write(b);
                } catch (java.io.IOException ignored) {
                    // the console is best effort; the capture is what the test reads
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (second) {
                    second.write(b, off, len);
                }
                try {
                    first.write(b, off, len);
                } catch (java.io.IOException ignored) {
                    // as above
                }
            }
        }
    }
}
