package io.flowpulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.sink.clickhouse.SchemaMigrator;
import io.flowpulse.sink.rowbinary.RowBinaryWriter;
import io.flowpulse.sink.table.LinkWindowTable;
import io.flowpulse.sink.table.TableMapping;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.testing.LocalStackExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class BatchInserterIntegrationTest {

    /**
     * Writes link_windows rows for plain names; for names starting with "bad" it writes a
     * Nested column whose two arrays differ in length, which ClickHouse refuses (code 190).
     */
    static final class NamesAsLinks implements TableMapping<String> {
        private final LinkWindowTable columns = new LinkWindowTable();

        @Override public String table() { return columns.table(); }
        @Override public Class<String> recordType() { return String.class; }
        @Override public String timeColumn() { return columns.timeColumn(); }
        @Override public List<String> columns() { return columns.columns(); }

        @Override
        public void writeRow(String name, long version, RowBinaryWriter out) {
            out.string("node").string(name).string("dst").dateTime(Instant.ofEpochSecond(1_700_000_000L))
                    .dateTime(Instant.ofEpochSecond(1_700_000_060L)).uint64(1).uint64(0).uint64(0).float64(0);
            out.stringArray(List.of("A", "B"));
            out.uint64Array(new long[] {1, 2}, name.startsWith("bad") ? 1 : 2);
            out.uint64(version);
        }
    }

    @Test
    void splitsARefusedBatchUntilOnlyTheBadRowsAreLeft(LocalStack stack) throws Exception {
        SinkFixture f = new SinkFixture(stack);
        new SchemaMigrator(f.clickHouse, f.database).migrate();
        SinkMetrics metrics = SinkMetrics.noop();
        BatchInserter inserter = new BatchInserter(f.clickHouse, f.database, metrics);
        TableBatch<String, String> batch = new TableBatch<>(new NamesAsLinks());
        for (int i = 0; i < 20; i++) {
            String name = (i == 3 || i == 17) ? "bad-" + i : "ok-" + i;
            batch.add(name, 1, "source-" + i);
        }
        List<RejectedRow<String>> rejected = inserter.insert(batch);

        assertThat(rejected).extracting(RejectedRow::source).containsExactly("source-3", "source-17");
        assertThat(rejected).allSatisfy(r -> assertThat(r.reason()).contains("Code: 190"));
        assertThat(f.lines("SELECT count(), countIf(src LIKE 'bad%') FROM " + f.database + ".link_windows"))
                .containsExactly("18\t0");
        assertThat(metrics.rowsWritten("link_windows")).isEqualTo(18);
        assertThat(batch.isEmpty()).isTrue();
    }
}
