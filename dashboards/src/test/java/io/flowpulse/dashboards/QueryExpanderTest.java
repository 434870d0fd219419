package io.flowpulse.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryExpanderTest {

    private final QueryExpander expander =
            new QueryExpander(Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_003_600L), 300);

    @Test
    void timeFilterBecomesAClosedRangeOfDateTimes() {
        assertThat(expander.expandMacros("WHERE $__timeFilter(window_start) AND x = 1"))
                .isEqualTo("WHERE window_start >= toDateTime(1700000000) AND window_start <= toDateTime(1700003600) AND x = 1");
    }

    @Test
    void rangeBoundsAndIntervalInSeconds() {
        assertThat(expander.expandMacros(
                "SELECT toDateTime(intDiv(toUInt32(t), $__interval_s) * $__interval_s), $__fromTime, $__toTime"))
                .isEqualTo("SELECT toDateTime(intDiv(toUInt32(t), 300) * 300), toDateTime(1700000000), toDateTime(1700003600)");
    }

    @Test
    void macrosThatNeedNewerClickHouseAreRefused() {
        assertThatThrownBy(() -> expander.expandMacros("SELECT $__timeInterval(t)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$__timeInterval");
        assertThatThrownBy(() -> expander.expandMacros("WHERE $__timeFilter_ms(t)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$__timeFilter_ms");
        assertThatThrownBy(() -> expander.expandMacros("WHERE t > $__fromTime_ms"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$__fromTime_ms");
    }

    @Test
    void singleQuoteFormatQuotesEachValueAndEscapesQuotes() {
        Map<String, List<String>> vars = Map.of("ns", List.of("shop", "o'hara"), "level", List.of("subnet"));
        assertThat(QueryExpander.expandVariables("has([${ns:singlequote}], x) AND level = ${level:singlequote}", vars))
                .isEqualTo("has(['shop','o\\'hara'], x) AND level = 'subnet'");
    }

    @Test
    void bareAndBracedReferencesOfASingleValue() {
        Map<String, List<String>> vars = Map.of("level", List.of("node"));
        assertThat(QueryExpander.expandVariables("a = '$level' AND b = '${level}'", vars))
                .isEqualTo("a = 'node' AND b = 'node'");
    }

    @Test
    void variablesAreReplacedBeforeMacros() {
        Map<String, List<String>> vars = Map.of("col", List.of("window_start"));
        assertThat(expander.expand("WHERE $__timeFilter(${col})", vars))
                .isEqualTo("WHERE window_start >= toDateTime(1700000000) AND window_start <= toDateTime(1700003600)");
    }

    @Test
    void undefinedVariablesAndUnquotedMultiValuesAreErrors() {
        assertThatThrownBy(() -> QueryExpander.expandVariables("x = ${missing:singlequote}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$missing");
        assertThatThrownBy(() -> QueryExpander.expandVariables("x IN ($ns)", Map.of("ns", List.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singlequote");
        assertThatThrownBy(() -> QueryExpander.expandVariables("x = ${ns:csv}", Map.of("ns", List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":csv");
    }

    @Test
    void anEmptyOrReversedRangeIsRejected() {
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        assertThatThrownBy(() -> new QueryExpander(t, t, 60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QueryExpander(t, t.plusSeconds(60), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
