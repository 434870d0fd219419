package io.flowpulse.replay.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.NameCount;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.alert.AlertEvaluator;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.logic.alert.ClosedWindow;
import io.flowpulse.streams.logic.dns.DnsAggregate;
import io.flowpulse.streams.logic.dns.DnsEvent;
import io.flowpulse.streams.logic.dns.DnsEvents;
import io.flowpulse.streams.logic.latency.LatencyKey;
import io.flowpulse.streams.logic.latency.LatencySample;
import io.flowpulse.streams.logic.latency.LatencyWindows;
import io.flowpulse.streams.logic.latency.TcpHandshakeMatcher;
import io.flowpulse.streams.logic.naming.EndpointNamer;
import io.flowpulse.streams.logic.naming.NodeInventory;
import io.flowpulse.streams.logic.sketch.LatencyDigest;
import io.flowpulse.streams.logic.state.InMemoryKeyValueState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The analytics over real recorded Hubble captures. Expected numbers were worked out separately
 * from the JSON lines with a small script that follows the analytics spec (not with this code).
 */
class RecordedCaptureAnalyticsTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final String NX_NAMES_ONE = "istiod-istio-1611.istio-system.svc.istio-system.svc.cluster.local.";
    private static final String NX_NAMES_TWO = "istiod-istio-1611.istio-system.svc.svc.cluster.local.";
    private static final String NX_NAMES_THREE = "zipkin.istio-system.istio-system.svc.cluster.local.";

    @Test
    void dnsCaptureWindowsAndTheNxdomainAlert() throws Exception {
        TreeMap<Instant, TreeMap<String, DnsAggregate>> windows = new TreeMap<>();
        for (Flow flow : RecordedCaptureFlows.read("basic-sample-330-dns-flows.json")) {
            DnsEvent event = DnsEvents.of(flow).orElseThrow();
            windows.computeIfAbsent(TimeWindow.containing(flow.getTime(), MINUTE).start(), w -> new TreeMap<>())
                    .computeIfAbsent(event.client(), c -> new DnsAggregate()).add(event.observation());
        }
        List<DnsWindow> records = new ArrayList<>();
        windows.forEach((start, clients) -> clients.forEach((client, aggregate) ->
                records.add(aggregate.toWindow(client, TimeWindow.startingAt(start, MINUTE),
                        AlertThresholds.DEFAULTS.suspiciousNames()))));

        assertThat(records).extracting(DnsWindow::getClient).containsOnly("kube-system/node-local-dns");
        assertThat(records).extracting(w -> w.getWindowStart().toString(), DnsWindow::getQueries, DnsWindow::getResponses,
                        DnsWindow::getRcodes, DnsWindow::getDistinctNames)
                .containsExactly(
                        tuple("2021-10-04T11:22:00Z", 12L, 12L, Map.of("NOERROR", 6L, "NXDOMAIN", 6L), 6L),
                        tuple("2021-10-04T11:23:00Z", 31L, 31L, Map.of("NOERROR", 15L, "NXDOMAIN", 16L), 9L),
                        tuple("2021-10-04T11:24:00Z", 74L, 74L, Map.of("NOERROR", 8L, "NXDOMAIN", 66L), 19L),
                        tuple("2021-10-04T11:25:00Z", 17L, 17L, Map.of("NOERROR", 9L, "NXDOMAIN", 8L), 9L),
                        tuple("2021-10-04T11:26:00Z", 31L, 31L, Map.of("NOERROR", 25L, "NXDOMAIN", 6L), 11L));
        assertThat(records).allMatch(w -> w.getLatencyMs() == null); // this capture carries no DNS latency
        assertThat(records.get(0).getTopNxdomain()).containsExactly(
                new NameCount(NX_NAMES_ONE, 2L), new NameCount(NX_NAMES_TWO, 2L), new NameCount(NX_NAMES_THREE, 2L));
        assertThat(records.get(1).getTopNxdomain()).containsExactly(
                new NameCount("istio-pilot.istio-system.bookinfo.svc.cluster.local.", 5L),
                new NameCount("zipkin.istio-system.bookinfo.svc.cluster.local.", 5L),
                new NameCount(NX_NAMES_ONE, 2L), new NameCount(NX_NAMES_TWO, 2L), new NameCount(NX_NAMES_THREE, 2L));

        AlertEvaluator evaluator = AlertEvaluator.inMemory(AlertThresholds.DEFAULTS, MINUTE);
        List<Alert> alerts = new ArrayList<>();
        for (DnsWindow record : records) {
            alerts.addAll(evaluator.onWindowClosed(new ClosedWindow(TimeWindow.startingAt(record.getWindowStart(), MINUTE),
                    List.of(), List.of(record), List.of(), List.of())));
        }
        // 11:22 has 12 responses (< 20); 11:23 16/31 = 0.516 fires; 11:24 66/74 holds; 11:25 has 17 responses,
        // 11:26 6/31: the second window without the condition resolves it
        assertThat(alerts).extracting(Alert::getId, Alert::getState, a -> a.getWindowStart().toString(), Alert::getSeverity)
                .containsExactly(
                        tuple("DNS_NXDOMAIN_RATIO:dns:kube-system/node-local-dns", "FIRING", "2021-10-04T11:23:00Z", "WARNING"),
                        tuple("DNS_NXDOMAIN_RATIO:dns:kube-system/node-local-dns", "RESOLVED", "2021-10-04T11:26:00Z", "WARNING"));
        assertThat(alerts.get(0).getValue()).isEqualTo(16.0 / 31);
        assertThat(alerts.get(1).getValue()).isEqualTo(6.0 / 31);
    }

    @Test
    void tcpCaptureHandshakes() throws Exception {
        EndpointNamer namer = new EndpointNamer(NodeInventory.empty());
        TcpHandshakeMatcher matcher = new TcpHandshakeMatcher(new InMemoryKeyValueState<>());
        TreeMap<String, LatencyDigest> digests = new TreeMap<>();
        int samples = 0;
        for (Flow flow : RecordedCaptureFlows.read("basic-sample-400-tcp-flows.json")) {
            for (LatencySample sample : matcher.onFlow(flow, namer).stream().toList()) {
                samples++;
                Instant window = TimeWindow.containing(sample.time(), MINUTE).start();
                for (LatencySample.KeyedLatencySample keyed : sample.keyed()) {
                    digests.computeIfAbsent(window + "|" + keyed.key().asString(), k -> new LatencyDigest())
                            .add(keyed.timeMicros(), keyed.valueNanos());
                }
            }
        }
        assertThat(samples).isEqualTo(27);
        List<LatencyWindow> nodeLevel = new ArrayList<>();
        digests.forEach((key, digest) -> {
            String[] parts = key.split("\\|", 2);
            LatencyKey latencyKey = LatencyKey.parse(parts[1]);
            if (latencyKey.level().wireName().equals("node")) {
                nodeLevel.add(LatencyWindows.of(latencyKey, TimeWindow.startingAt(Instant.parse(parts[0]), MINUTE), digest));
            }
        });
        assertThat(nodeLevel).extracting(w -> w.getWindowStart().toString(), LatencyWindow::getSrc, LatencyWindow::getDst,
                        LatencyWindow::getSamples, LatencyWindow::getMinMs, LatencyWindow::getP50Ms, LatencyWindow::getP90Ms,
                        LatencyWindow::getP99Ms, LatencyWindow::getMaxMs, LatencyWindow::getMeanMs, LatencyWindow::getStddevMs,
                        LatencyWindow::getJitterMs)
                .containsExactly(
                        tuple("2021-11-10T10:40:00Z", "kind-control-plane", "kind-control-plane", 11L,
                                0.043, 0.088, 0.343, 0.368, 0.368, 0.149, 0.118, 0.135),
                        tuple("2021-11-10T10:40:00Z", "kind-control-plane", "unknown", 13L,
                                0.028, 0.061, 0.182, 0.534, 0.534, 0.111, 0.130, 0.097),
                        tuple("2021-11-10T10:41:00Z", "kind-control-plane", "kind-control-plane", 2L,
                                0.084, 0.084, 0.15, 0.15, 0.15, 0.117, 0.033, 0.066),
                        tuple("2021-11-10T10:41:00Z", "kind-control-plane", "unknown", 1L,
                                0.435, 0.435, 0.435, 0.435, 0.435, 0.435, 0.0, 0.0));
    }
}
