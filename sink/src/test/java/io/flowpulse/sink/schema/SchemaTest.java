package io.flowpulse.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.sink.RowRouter;
import io.flowpulse.sink.table.TableMapping;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void parsesServerVersions() {
        ServerVersion old = ServerVersion.parse("18.16.1\n");
        assertThat(old.major()).isEqualTo(18);
        assertThat(old.minor()).isEqualTo(16);
        assertThat(old.supportsTtl()).isFalse();
        assertThat(old.supportsLowCardinality()).isFalse();
        ServerVersion modern = ServerVersion.parse("24.8.4.13");
        assertThat(modern.supportsTtl()).isTrue();
        assertThat(modern.supportsLowCardinality()).isTrue();
        assertThat(ServerVersion.parse("19.6.1").supportsTtl()).isTrue();
        assertThat(ServerVersion.parse("19.5.9").supportsTtl()).isFalse();
        assertThatThrownBy(() -> ServerVersion.parse("<html>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void migrationsAreNumberedOneUpWithoutGaps() {
        List<Migration> all = Migrations.ALL;
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).version()).isEqualTo(i + 1);
        }
    }

    @Test
    void renderingPicksColumnTypesByServer() {
        Migration first = Migrations.ALL.get(0);
        String old = String.join("\n", first.render("fp", ServerVersion.parse("18.16.1")));
        String modern = String.join("\n", first.render("fp", ServerVersion.parse("24.3.1")));
        assertThat(old).contains("CREATE TABLE IF NOT EXISTS fp.link_windows").doesNotContain("LowCardinality")
                .doesNotContain("${");
        assertThat(modern).contains("level LowCardinality(String)");
        assertThat(first.checksum()).hasSize(64).isEqualTo(Migrations.ALL.get(0).checksum());
        assertThat(first.checksum()).isNotEqualTo(Migrations.ALL.get(1).checksum());
    }

    @Test
    void everyMappedColumnIsCreatedByTheMigrationsInTheSameOrder() {
        String ddl = String.join("\n", Migrations.ALL.stream()
                .flatMap(m -> m.render("db", ServerVersion.parse("18.16.1")).stream()).toList());
        for (TableMapping<?> m : RowRouter.allMappings()) {
            Matcher table = Pattern.compile("CREATE TABLE IF NOT EXISTS db\\." + m.table() + " \\((.*?)\\) ENGINE",
                    Pattern.DOTALL).matcher(ddl);
            assertThat(table.find()).as(m.table()).isTrue();
            assertThat(columnsOf(table.group(1))).as(m.table()).isEqualTo(m.columns());
            assertThat(ddl).contains("PARTITION BY toYYYYMMDD(" + m.timeColumn() + ")");
        }
    }

    /** Column names of a CREATE TABLE body, with Nested(a T, b U) expanded to x.a, x.b. */
    private static List<String> columnsOf(String body) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String name = l.substring(0, l.indexOf(' '));
            Matcher nested = Pattern.compile("Nested\\((.*)\\)").matcher(l);
            if (nested.find()) {
                for (String part : nested.group(1).split(",")) {
                    out.add(name + "." + part.strip().split(" ")[0]);
                }
            } else {
                out.add(name);
            }
        }
        return out;
    }

    @Test
    void retentionDropsOnlyDaysWhoseEveryRowIsPastRetention() {
        LocalDate today = LocalDate.of(2026, 11, 25);
        List<String> parts = List.of("20261125", "20261118", "20261117", "20261116", "20260101");
        // 7 days: a row of 2026-11-17 23:59 expires on 11-24 23:59, so the 17th goes on the 25th; the 18th stays
        assertThat(RetentionPlanner.partitionsToDrop(parts, today, 7))
                .containsExactly("20260101", "20261116", "20261117");
        assertThat(RetentionPlanner.partitionsToDrop(parts, today, 0)).isEmpty();
        assertThat(RetentionPlanner.partitionsToDrop(parts, today, 1000)).isEmpty();
        assertThat(RetentionPlanner.partitionsToDrop(List.of("20261124"), today, 1)).isEmpty();
        assertThat(RetentionPlanner.partitionsToDrop(List.of("20261123"), today, 1)).containsExactly("20261123");
        assertThatThrownBy(() -> RetentionPlanner.partitionsToDrop(List.of("tuple()"), today, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tuple()");
        assertThat(RetentionPlanner.ttlExpression("window_start", 30)).isEqualTo("window_start + INTERVAL 30 DAY");
    }
}
