package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.sink.clickhouse.RetentionTask;
import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.schema.ServerVersion;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class RetentionIntegrationTest {

    @Test
    void dropsTheDayPartitionsPastRetentionOnServersWithoutTtl(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        SchemaMigrator.Result schema = new SchemaMigrator(f.clickHouse, f.database).migrate();
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        try (ClickHouseWriter writer = ClickHouseWriter.open(f.settings(), SinkMetrics.noop(), java.time.Duration.ofSeconds(10))) {
            writer.writeAll(List.of(
                    Records.link("node", "old", "x", Instant.parse("2026-11-17T23:59:00Z"), 1, 0, 0, Map.of()),
                    Records.link("node", "kept", "x", Instant.parse("2026-11-18T00:00:00Z"), 1, 0, 0, Map.of()),
                    Records.link("node", "today", "x", Instant.parse("2026-11-25T09:00:00Z"), 1, 0, 0, Map.of())));
        }
        RetentionTask retention = new RetentionTask(f.clickHouse, f.database, 7, Clock.fixed(now, ZoneOffset.UTC));
        ServerVersion server = schema.server();
        if (server.supportsTtl()) {
            assertThat(retention.applyTtl(server)).isTrue();
        } else {
            assertThat(retention.applyTtl(server)).isFalse();
        }
        assertThat(retention.dropExpiredPartitions()).containsExactly("link_windows:20261117");
        assertThat(f.lines("SELECT src FROM " + f.database + ".link_windows FINAL ORDER BY src"))
                .containsExactly("kept", "today");
        assertThat(retention.dropExpiredPartitions()).isEmpty();
    }
}
