package io.flowpulse.streams.topology;

import static io.flowpulse.streams.logic.TestFlows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Flow;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two flows partitions, of which the driver runs only partition 0; partition 1's watermarks are
 * written to the partials topic by hand, as its stage-1 task would.
 */
class IdlePartitionTest {

    static final String PARTIALS_TOPIC = "flowpulse-test-" + FlowpulseTopology.PARTIALS + "-repartition";

    TopologyHarness harness;
    TestInputTopic<String, byte[]> partials;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.builder().topologyNodes(LinkWindowsTest.NODES)
                .flowsPartitions(2).partialsPartitions(1).idleTimeout(Duration.ofSeconds(30)).build());
        partials = harness.driver.createInputTopic(PARTIALS_TOPIC, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    void send(Flow flow) {
        harness.send(flow, flow.getTime(), flow.getNode());
    }

    @Test
    void windowsWaitForEveryPartitionUnlessItIsIdle() {
        send(LinkWindowsTest.webToDb(T0.plusSeconds(1), "FORWARDED"));
        send(LinkWindowsTest.webToDb(T0.plusSeconds(75), "FORWARDED"));
        assertThat(harness.links.isEmpty()).as("partition 1 has not reported").isTrue();

        partials.pipeInput(Watermark.KEY, new Watermark(1, T0.toEpochMilli(), T0.toEpochMilli() - 5_000).toBytes(), T0);
        assertThat(harness.links.isEmpty()).as("partition 1 is behind window 10:00").isTrue();

        partials.pipeInput(Watermark.KEY, new Watermark(1, T0.toEpochMilli(), T0.toEpochMilli() - 5_000, true).toBytes(), T0);
        assertThat(harness.links.readKeyValuesToList()).hasSize(3)
                .allSatisfy(kv -> assertThat(kv.value.getWindowStart()).isEqualTo(T0));
    }

    @Test
    void stageOneReportsItselfIdleAfterTheTimeoutWithoutRecords() {
        send(LinkWindowsTest.webToDb(T0.plusSeconds(1), "FORWARDED"));
        send(LinkWindowsTest.webToDb(T0.plusSeconds(75), "FORWARDED"));
        partials.pipeInput(Watermark.KEY, new Watermark(1, T0.plusSeconds(600).toEpochMilli(),
                T0.plusSeconds(611).toEpochMilli()).toBytes(), T0);
        assertThat(harness.links.readKeyValuesToList()).hasSize(3);

        // partition 0 goes quiet; partition 1 moves on; after 30 s of wall clock partition 0 is idle
        harness.driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(harness.links.isEmpty()).isTrue();
        harness.driver.advanceWallClockTime(Duration.ofSeconds(25));
        assertThat(harness.links.isEmpty()).as("partition 0 is idle: it hands over its open windows, which close on partition 1's progress")
                .isFalse();
    }
}
