package io.flowpulse.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.console.ConsoleService;
import io.flowpulse.console.ConsoleSettings;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in a real browser: Debian's headless Chromium, driven by playwright-core from
 * {@code src/test/browser/console-e2e.mjs}, against a console that reads real Kafka topics through
 * the real registry. The topics are fed live, window after window, with the results the streams
 * service writes for the simulator's default cluster (see {@link ResultsFeeder}); a drop fault
 * fires and resolves while the page is open. Fails, never skips, when node or chromium is missing
 * ({@code scripts/run-tests.sh} installs them). Screenshots go to {@code target/}.
 */
@ExtendWith(LocalStackExtension.class)
class ConsoleBrowserIntegrationTest {

    static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @Test
    void thePageShowsTheSubnetsAnAlertFiringThenResolvedAndAClickedLinksChart(LocalStack stack) throws Exception {
        String node = which("node");
        assertThat(node).as("node is needed for the browser test (scripts/run-tests.sh installs nodejs)").isNotNull();
        assertThat(new File(CHROMIUM).canExecute()).as("Debian's chromium at " + CHROMIUM + " (scripts/run-tests.sh installs it)")
                .isTrue();
        installPlaywright();

        String bootstrap = stack.kafka().bootstrapServers();
        String registryUrl = stack.registry().url();
        ResultsFeeder.Topics topics = ResultsFeeder.Topics.forRun("browser" + Long.toString(System.nanoTime(), 36));
        ResultsFeeder.createTopics(bootstrap, topics);
        Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        Path screenshot = Path.of("target/console.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());

        Map<String, String> config = new HashMap<>(topics.settings());
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("schema.registry.url", registryUrl);
        config.put("console.port", "0");
        config.put("console.stats.interval", "1s");
        try (ResultsFeeder feeder = new ResultsFeeder(bootstrap, registryUrl, topics, base)) {
            feeder.publishNodes();
            // the past, read back by time when the console starts
            for (int step = 0; step < 8; step++) {
                feeder.publishWindow(step, 12, 16);
            }
            try (ConsoleService console = ConsoleService.create(ConsoleSettings.of(config))) {
                console.start();
                System.out.println("Console: " + console.url());
                AtomicBoolean feeding = new AtomicBoolean(true);
                Thread live = new Thread(() -> {
                    for (int step = 8; step < 60 && feeding.get(); step++) {
                        feeder.publishWindow(step, 12, 16);
                        sleep(1_000);
                    }
                }, "results-feeder");
                live.setDaemon(true);
                live.start();
                try {
                    Process browser = new ProcessBuilder(node, BROWSER_DIR.resolve("console-e2e.mjs").toString(),
                            console.url(), screenshot.toString())
                            .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
                    String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(browser.waitFor(3, TimeUnit.MINUTES)).isTrue();
                    System.out.println(output);
                    assertThat(browser.exitValue()).as("browser test output:\n" + output).isZero();
                    assertThat(output).contains("map shows lab-a, lab-b, lab-c, cloud-d, edge-e")
                            .contains("FIRING " + ResultsFeeder.DROP_ALERT).contains("RESOLVED " + ResultsFeeder.DROP_ALERT)
                            .contains("chart open");
                    assertThat(screenshot).isNotEmptyFile();
                } finally {
                    feeding.set(false);
                    live.join(5_000);
                }
                assertThat(console.healthChecks().get("kafka-reader").check().healthy()).isTrue();
                assertThat(console.metrics().scrape()).contains("flowpulse_console_snapshots_sent_total")
                        .contains("flowpulse_console_events_sent_total");
            }
        }
    }

    /** npm ci (or install) in src/test/browser when playwright-core is not there yet. */
    static void installPlaywright() throws Exception {
        if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            return;
        }
        String npm = which("npm");
        assertThat(npm).as("npm is needed to install playwright-core (scripts/run-tests.sh installs it)").isNotNull();
        boolean locked = Files.exists(BROWSER_DIR.resolve("package-lock.json"));
        Process p = new ProcessBuilder(npm, locked ? "ci" : "install", "--no-audit", "--no-fund")
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("npm in " + BROWSER_DIR + ":\n" + out).isZero();
    }

    static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
