package io.flowpulse.ingest.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowFilterParserTest {

    @Test
    void termsAreAndedValuesOredFiltersSeparatedBySemicolons() {
        List<FlowFilter> filters = FlowFilterParser.parse("source_pod=shop/ verdict=DROPPED,error; node_name=lab-a-1");
        assertThat(filters).hasSize(2);
        assertThat(filters.get(0).getSourcePodList()).containsExactly("shop/");
        assertThat(filters.get(0).getVerdictList()).containsExactly(Verdict.DROPPED, Verdict.ERROR);
        assertThat(filters.get(1).getNodeNameList()).containsExactly("lab-a-1");
        assertThat(FlowFilterParser.parse("  ")).isEmpty();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> FlowFilterParser.parse("colour=red")).hasMessageContaining("unknown flow filter field 'colour'")
                .hasMessageContaining("source_pod");
        assertThatThrownBy(() -> FlowFilterParser.parse("verdict=MAYBE")).hasMessageContaining("'MAYBE' is not a valid verdict");
        assertThatThrownBy(() -> FlowFilterParser.parse("source_pod")).hasMessageContaining("not field=value");
    }
}
