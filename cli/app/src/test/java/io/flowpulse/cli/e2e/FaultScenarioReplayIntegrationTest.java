package io.flowpulse.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowpulse.cli.Main;
import io.flowpulse.simulator.gen.SimulationOptions;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultKind;
import io.flowpulse.simulator.model.FaultSpec;
import io.flowpulse.simulator.model.ModelLoader;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault the simulator knows, injected into one capture of the built-in cluster, replayed as
 * {@code flowpulse replay --input capture.json --topology topology.yaml --report report.json} does:
 * each fault raises its alert on its own subject in its own minutes, and nothing else fires.
 *
 * <p>The built-in 20-minute story is compressed into 11 minutes at half the modelled traffic. Each
 * condition of the analytics spec still holds with margin at that rate: the dropped links carry
 * hundreds of events a minute, every DNS client with a fault sends about 30 queries a minute (20
 * responses needed; a 10-fold storm against a baseline of about 30 needs 120), the subnet pairs of
 * the relayed and degraded paths see well over 10 handshakes a minute.
 */
@ExtendWith(LocalStackExtension.class)
class FaultScenarioReplayIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CAPTURE = Duration.ofMinutes(11);

    static final List<FaultSpec> FAULTS = List.of(
            FaultSpec.parse("relayed-path=edge-e,rttMs=180,jitterMs=75,distribution=uniform"),
            FaultSpec.parse("packet-drop=shop/cart->data/redis,start=1,end=3,fraction=0.3,reason=CT_MAP_INSERTION_FAILED"),
            FaultSpec.parse("policy-drop=shop/web->data/postgres,start=2,end=4"),
            FaultSpec.parse("nxdomain=shop/web,start=3,end=5"),
            // minutes 0-3 give the three earlier windows the volume baseline needs
            FaultSpec.parse("dns-storm=shop/catalog,start=4,end=6,factor=10"),
            FaultSpec.parse("dga=shop/checkout,start=5,end=7"),
            FaultSpec.parse("slow-dns=shop/cart,start=6,end=8"),
            FaultSpec.parse("servfail=shop/catalog,start=7,end=9"),
            FaultSpec.parse("degraded-path=cloud-d->lab-c,start=8,end=10,rttMs=120,jitterMs=40"),
            FaultSpec.parse("lost-events=lab-c-2,start=9,end=10"));

    @Test
    void everyInjectedFaultRaisesItsAlertOnItsSubjectAndNothingElseFires(LocalStack stack, @TempDir Path dir)
            throws Exception {
        assertThat(FAULTS.stream().map(FaultSpec::kind).collect(Collectors.toSet()))
                .as("every fault kind is injected").containsExactlyInAnyOrder(FaultKind.values());
        ClusterModel model = ModelLoader.defaultModel();
        SimulationOptions options = SimulationOptions.forModel(model).withSeed(11).withDuration(CAPTURE)
                .withRateScale(0.5).withFaults(FAULTS);
        long started = System.nanoTime();
        SimulatedCapture capture = SimulatedCapture.write(model, options, dir, "faults");
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        ExpectedAlerts expected = new ExpectedAlerts(capture.cluster(), FAULTS);

        Path report = dir.resolve("report.json");
        started = System.nanoTime();
        int exit = Main.run("replay", "--input", capture.file().toString(), "--topology", capture.topology().toString(),
                "--report", report.toString(), "--bootstrap-servers", stack.kafka().bootstrapServers(),
                "--schema-registry-url", stack.registry().url());
        System.out.printf("fault scenario: %,d events written in %.1f s, replayed in %.1f s%n", capture.lines(),
                writeSeconds, (System.nanoTime() - started) / 1e9);
        assertThat(exit).as("replay exit code").isZero();

        Path inProcessReport = dir.resolve("report-in-process.json");
        started = System.nanoTime();
        int inProcessExit = Main.run("replay", "--input", capture.file().toString(), "--topology",
                capture.topology().toString(), "--report", inProcessReport.toString());
        System.out.printf("fault scenario: replayed in process in %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(inProcessExit).as("exit code of the replay in process").isZero();
        assertThat(Files.readString(inProcessReport)).as("the report of the replay in process, byte for byte")
                .isEqualTo(Files.readString(report));

        JsonNode json = JSON.readTree(report.toFile());
        JsonNode input = json.get("input");
        assertThat(input.get("records").asLong()).isEqualTo(capture.lines());
        assertThat(input.get("invalid").asLong()).isZero();
        assertThat(input.get("late").asLong()).isZero();
        assertThat(input.get("lost_events").asLong()).isPositive();

        List<JsonNode> alerts = new ArrayList<>();
        json.get("alerts").forEach(alerts::add);
        Set<String> fired = alerts.stream().filter(a -> a.get("state").asText().equals("FIRING"))
                .map(a -> a.get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("fault scenario: alerts fired: " + fired);

        assertThat(fired).as("alerts on clean links, clients, subnet pairs or nodes")
                .isSubsetOf(expected.allowed());
        for (ExpectedAlerts.Required required : expected.required()) {
            FaultSpec fault = required.fault();
            List<Long> firingMinutes = minutes(alerts, required, "FIRING");
            assertThat(firingMinutes).as("%s raised by %s", required.description(), fault).isNotEmpty();
            if (fault.startMinute() != null) {
                // the window in which the fault first holds its condition, or the one after for late answers
                assertThat(firingMinutes).as("minutes in which %s started firing (fault %s)",
                        required.description(), fault)
                        .anySatisfy(m -> assertThat(m).isBetween(fault.startMinute().longValue(),
                                fault.endMinute().longValue()));
            }
            if (fault.endMinute() != null && fault.endMinute() + 3 <= CAPTURE.toMinutes()) {
                // resolved at the 2nd clean window after the fault, one later if answers spill over
                assertThat(minutes(alerts, required, "RESOLVED")).as("minutes in which %s resolved (fault %s)",
                        required.description(), fault)
                        .anySatisfy(m -> assertThat(m).isBetween(fault.endMinute().longValue(),
                                fault.endMinute().longValue() + 2));
            }
        }
    }

    /** Minutes from the capture start of the windows in which an alert matching {@code required} changed to {@code state}. */
    private static List<Long> minutes(List<JsonNode> alerts, ExpectedAlerts.Required required, String state) {
        Instant start = SimulationOptions.DEFAULT_CAPTURE_START;
        return alerts.stream()
                .filter(a -> a.get("state").asText().equals(state) && required.matchesId().test(a.get("id").asText()))
                .map(a -> Duration.between(start, Instant.parse(a.get("window_start").asText())).toMinutes())
                .toList();
    }
}
