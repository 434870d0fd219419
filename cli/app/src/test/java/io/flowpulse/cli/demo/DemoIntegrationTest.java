package io.flowpulse.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code flowpulse demo --duration 120s} headless, as a newcomer would, and checks what it
 * shows: flows through every stage, the injected faults raising their alerts, and windows in
 * ClickHouse. Real Kafka, registry and ClickHouse, started by the demo itself. While it runs, the
 * demo's console is opened in Debian's headless Chromium, driven by playwright-core
 * ({@code console/src/test/browser/console-e2e.mjs}): the page loads without a script error, the five
 * subnets of the default model are on the map, an alert fires and later resolves, and a click on a
 * link opens its chart. Fails, never skips, when node or chromium is missing (scripts/run-tests.sh
 * installs them). Screenshots go to {@code target/}.
 */
class DemoIntegrationTest {

    private static final Path BROWSER_DIR = Path.of("../../console/src/test/browser").toAbsolutePath().normalize();
    private static final Pattern CONSOLE_LINE = Pattern.compile("(?m)^Console: (http://127\\.0\\.0\\.1:\\d+/)$");

    @TempDir
    Path workDir;

    @Test
    void theDemoRunsToTheEndAndShowsEveryStageAndTheFaultsAlsoInTheBrowserConsole() throws Exception {
        String node = which("node");
        assertThat(node).as("node runs the browser test (scripts/run-tests.sh installs nodejs)").isNotNull();
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(new File(chromium).canExecute()).as("Debian's chromium (scripts/run-tests.sh installs it)").isTrue();
        assertThat(BROWSER_DIR.resolve("node_modules/playwright-core"))
                .as("playwright-core (scripts/run-tests.sh runs npm ci in " + BROWSER_DIR + ")").isDirectory();

        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        String browserOutput;
        Path screenshot = Path.of("target/console.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> Main.run("demo", "--duration", "90s",
                    "--plain", "--refresh", "5s", "--console-port", "0", "--work-dir", workDir.toString()));
            String consoleUrl = awaitConsoleLine(captured, demo);
            Process browser = new ProcessBuilder(node, BROWSER_DIR.resolve("console-e2e.mjs").toString(),
                    consoleUrl, screenshot.toString()).directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
            browserOutput = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(browser.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(browser.exitValue()).as("browser test output:%n%s", browserOutput).isZero();
            exit = demo.get(5, TimeUnit.MINUTES);
        } finally {
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        originalOut.println(out.substring(Math.max(0, out.lastIndexOf("Flowpulse demo"))));
        originalOut.println(browserOutput);

        assertThat(browserOutput).contains("map shows lab-a, lab-b, lab-c, cloud-d, edge-e")
                .containsPattern("FIRING \\w+:").containsPattern("RESOLVED \\w+:").contains("chart open");
        assertThat(screenshot).isNotEmptyFile();

        assertThat(exit).isZero();
        String lastView = out.substring(out.lastIndexOf("Flowpulse demo"));
        for (String stage : new String[] {"simulator", "ingest", "streams", "sink", "view"}) {
            assertThat(total(lastView, stage)).as(stage + " total").isGreaterThan(0);
        }
        assertThat(total(lastView, "streams")).isGreaterThan(100_000);
        assertThat(lastView).contains("late 0");

        // the relayed edge subnet is slow and jittery all the time
        assertThat(out).containsPattern("FIRING +\\w+ +XSUBNET_LATENCY:subnet:[\\w-]+->edge-e");
        assertThat(out).containsPattern("FIRING +\\w+ +XSUBNET_JITTER:subnet:edge-e->[\\w-]+");
        // the policy drop between web and postgres in simulated minutes 3-8, then its end
        assertThat(out).containsPattern("FIRING +\\w+ +LINK_DROP_RATE:workload:shop/web->data/postgres");
        assertThat(out).containsPattern("RESOLVED +\\w+ +LINK_DROP_RATE:workload:shop/web->data/postgres");
        // the NXDOMAIN burst of shop/web in simulated minutes 5-9
        assertThat(out).containsPattern("FIRING +\\w+ +DNS_NXDOMAIN_RATIO:dns:shop/web");
        // no clean pair inside the lab raises a latency alert
        assertThat(out).doesNotContainPattern("XSUBNET_LATENCY:subnet:lab-a->lab-b");

        Matcher clickhouse = Pattern.compile("ClickHouse holds: link_windows=(\\d+) dns_windows=(\\d+) "
                + "latency_windows=(\\d+) alerts=(\\d+)").matcher(out);
        assertThat(clickhouse.find()).as("ClickHouse summary").isTrue();
        for (int g = 1; g <= 4; g++) {
            assertThat(Long.parseLong(clickhouse.group(g))).isGreaterThan(0);
        }
        assertThat(out).contains("finished");
    }

    /** The URL of the demo's "Console: URL" line, once it is printed. */
    private static String awaitConsoleLine(ByteArrayOutputStream captured, CompletableFuture<Integer> demo)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && !demo.isDone()) {
            Matcher m = CONSOLE_LINE.matcher(captured.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo printed no 'Console: http://127.0.0.1:PORT/' line:\n"
                + captured.toString(StandardCharsets.UTF_8));
    }

    private static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static long total(String view, String stage) {
        Matcher m = Pattern.compile("(?m)^" + stage + " +([\\d,]+) ").matcher(view);
        assertThat(m.find()).as("a line for " + stage).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
