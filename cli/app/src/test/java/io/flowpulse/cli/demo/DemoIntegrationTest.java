package io.flowpulse.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code flowpulse demo --duration 90s} headless, as a newcomer would, and checks what it
 * shows: flows through every stage, the injected faults raising their alerts, and windows in
 * ClickHouse. Real Kafka, registry and ClickHouse, started by the demo itself.
 */
class DemoIntegrationTest {

    @TempDir
    Path workDir;

    @Test
    void theDemoRunsToTheEndAndShowsEveryStageAndTheFaults() {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run("demo", "--duration", "90s", "--plain", "--refresh", "5s", "--work-dir", workDir.toString());
        } finally {
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        originalOut.println(out.substring(Math.max(0, out.lastIndexOf("Flowpulse demo"))));

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

    private static long total(String view, String stage) {
        Matcher m = Pattern.compile("(?m)^" + stage + " +([\\d,]+) ").matcher(view);
        assertThat(m.find()).as("a line for " + stage).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
