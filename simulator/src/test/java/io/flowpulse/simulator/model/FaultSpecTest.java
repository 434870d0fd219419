package io.flowpulse.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

    @Test
    void parsesTheCommandLineForm() {
        FaultSpec f = FaultSpec.parse("policy-drop=shop/web->data/postgres,start=2,end=8.5,fraction=0.5");
        assertThat(f.kind()).isEqualTo(FaultKind.POLICY_DROP);
        assertThat(f.target()).isEqualTo("shop/web->data/postgres");
        assertThat(f.startMinute()).isEqualTo(2.0);
        assertThat(f.endMinute()).isEqualTo(8.5);
        assertThat(f.param("fraction", 1.0)).isEqualTo(0.5);
        assertThat(f.activeAt(1.99)).isFalse();
        assertThat(f.activeAt(2.0)).isTrue();
        assertThat(f.activeAt(8.5)).isFalse();
        assertThat(FaultSpec.parse(f.toString())).isEqualTo(f);
    }

    @Test
    void withoutTimeBoxAFaultIsAlwaysActive() {
        FaultSpec f = FaultSpec.parse("relayed-path=edge-e");
        assertThat(f.activeAt(0)).isTrue();
        assertThat(f.activeAt(1e6)).isTrue();
        assertThat(f.toString()).isEqualTo("relayed-path=edge-e");
    }

    @Test
    void readsModelEntries() {
        FaultSpec f = FaultSpec.fromMap(Map.of("kind", "dns-storm", "target", "shop/catalog", "start", 7, "end", 10, "factor", 10));
        assertThat(f.kind()).isEqualTo(FaultKind.DNS_STORM);
        assertThat(f.param("factor", 1)).isEqualTo(10.0);
        assertThat(f.startMinute()).isEqualTo(7.0);
    }

    @Test
    void rejectsMalformedFaults() {
        for (String bad : List.of("policy-drop", "nope=x", "policy-drop=", "nxdomain=shop/web,start=5,end=3",
                "nxdomain=shop/web,fraction", "nxdomain=shop/web,start=soon")) {
            assertThatThrownBy(() -> FaultSpec.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FaultSpec.parse("nope=x")).hasMessageContaining("known: policy-drop");
    }
}
