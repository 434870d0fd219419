package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queries sink/README.md recommends run on the test server and see each window once. */
@ExtendWith(LocalStackExtension.class)
class DocumentedQueriesIntegrationTest {

    @Test
    void everyDocumentedQueryRunsAndCountsEachWindowOnce(LocalStack stack) throws Exception {
        List<String> queries = sqlBlocks(Files.readString(Path.of("README.md")));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(6);

        SinkFixture f = new SinkFixture(stack);
        Instant minute = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 60 * 60 - 600);
        List<Object> records = List.of(
                Records.link("subnet", "lab-a", "lab-b", minute, 30, 10, 0, Map.of("POLICY_DENIED", 10L)),
                Records.link("node", "node-1", "node-2", minute, 6, 2, 0, Map.of("POLICY_DENIED", 2L)),
                dnsAt(minute), latencyAt(minute), firingAt(minute));
        // written twice, as a redelivery would
        for (int delivery = 0; delivery < 2; delivery++) {
            try (ClickHouseWriter w = ClickHouseWriter.open(f.settings(), SinkMetrics.noop(), java.time.Duration.ofSeconds(10))) {
                w.writeAll(records);
            }
        }
        List<List<String>> results = new ArrayList<>();
        for (String q : queries) {
            results.add(f.lines(q.replace("flowpulse.", f.database + ".")));
        }
        long w = minute.getEpochSecond();
        assertThat(results.get(0)).containsExactly("lab-a\tlab-b\t10\t30\t0.25");
        assertThat(results.get(1)).containsExactly(f.clickHouse.query("SELECT toString(toDateTime(" + w + "))").strip()
                + "\tPOLICY_DENIED\t2");
        assertThat(results.get(2)).containsExactly("shop/web\tNOERROR\t15", "shop/web\tNXDOMAIN\t3");
        assertThat(results.get(3)).hasSize(1).first().asString().endsWith("\tlab-a\tlab-b\t20.5\t3.125\t12");
        assertThat(results.get(4)).hasSize(1).first().asString().startsWith("LINK_DROP_RATE:node:node-1->node-2\tFIRING\tCRITICAL");
        assertThat(results.get(5)).hasSize(2);
    }

    private static Object dnsAt(Instant t) {
        return io.flowpulse.schemas.avro.DnsWindow.newBuilder(Records.dns().get(0)).setWindowStart(t)
                .setWindowEnd(t.plusSeconds(60)).build();
    }

    private static Object latencyAt(Instant t) {
        return io.flowpulse.schemas.avro.LatencyWindow.newBuilder(Records.latency().get(0)).setWindowStart(t)
                .setWindowEnd(t.plusSeconds(60)).build();
    }

    private static Object firingAt(Instant t) {
        return io.flowpulse.schemas.avro.Alert.newBuilder(Records.alerts().get(0)).setWindowStart(t)
                .setWindowEnd(t.plusSeconds(60)).build();
    }

    static List<String> sqlBlocks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }
}
