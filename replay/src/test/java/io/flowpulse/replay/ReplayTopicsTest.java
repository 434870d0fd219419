package io.flowpulse.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.Topics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayTopicsTest {

    @Test
    void prefixesEveryTopicWithTheRunSoThatNoneIsALiveTopic() {
        ReplayTopics topics = ReplayTopics.forRun("r1");

        assertThat(topics.flows()).isEqualTo("replay.r1.hubble.flows.v1");
        assertThat(topics.alerts()).isEqualTo("replay.r1.flowpulse.alerts.v1");
        assertThat(topics.all()).hasSize(7).doesNotContainAnyElementsOf(Topics.ALL)
                .allSatisfy(topic -> assertThat(topic).startsWith("replay.r1."));
        assertThat(topics.outputs()).containsExactly(topics.links(), topics.dns(), topics.latency(), topics.alerts());
        assertThat(topics.applicationId()).isEqualTo("flowpulse-replay-r1");
        assertThat(topics.internalTopicPrefix()).isEqualTo("flowpulse-replay-r1-");
    }

    @Test
    void newRunIdsStartWithTheTimeAndDiffer() {
        Instant now = Instant.parse("2026-11-25T10:30:00Z");
        String first = ReplayTopics.newRunId(now);
        String second = ReplayTopics.newRunId(now);

        assertThat(first).matches("20261125-103000-[0-9a-f]{6}").isNotEqualTo(second);
        assertThat(ReplayTopics.forRun(first).flows()).startsWith("replay.20261125-103000-");
    }

    @Test
    void refusesARunIdThatWouldMakeBadTopicNames() {
        assertThatThrownBy(() -> ReplayTopics.forRun("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> ReplayTopics.forRun("")).isInstanceOf(IllegalArgumentException.class);
    }
}
