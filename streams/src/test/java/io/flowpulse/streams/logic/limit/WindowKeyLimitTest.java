package io.flowpulse.streams.logic.limit;

import static io.flowpulse.streams.logic.limit.WindowKeyLimit.Admission.FIRST_FOLD;
import static io.flowpulse.streams.logic.limit.WindowKeyLimit.Admission.FOLD;
import static io.flowpulse.streams.logic.limit.WindowKeyLimit.Admission.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.streams.logic.limit.WindowKeyLimit.Admission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowKeyLimitTest {

    static final long W0 = 0;
    static final long W1 = 60_000;

    static List<Admission> admit(WindowKeyLimit limit, long window, char type, int keys) {
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            admissions.add(limit.admit(window, type));
        }
        return admissions;
    }

    @Test
    void newKeysOpenUpToTheLimitThenFoldAndOnlyTheFirstFoldIsFlagged() {
        WindowKeyLimit limit = new WindowKeyLimit(3);
        assertThat(admit(limit, W0, 'L', 6)).containsExactly(OPEN, OPEN, OPEN, FIRST_FOLD, FOLD, FOLD);
        assertThat(limit.openKeys(W0, 'L')).isEqualTo(3);
    }

    @Test
    void eachTypeOfEachWindowHasItsOwnLimit() {
        WindowKeyLimit limit = new WindowKeyLimit(2);
        assertThat(admit(limit, W0, 'L', 3)).containsExactly(OPEN, OPEN, FIRST_FOLD);
        assertThat(admit(limit, W0, 'D', 3)).containsExactly(OPEN, OPEN, FIRST_FOLD);
        assertThat(admit(limit, W1, 'L', 3)).containsExactly(OPEN, OPEN, FIRST_FOLD);
        assertThat(limit.openKeys(W1, 'T')).isZero();
    }

    @Test
    void aWindowHandedOnStartsAfreshAndLaterWindowsKeepTheirCounts() {
        WindowKeyLimit limit = new WindowKeyLimit(2);
        admit(limit, W0, 'L', 5);
        admit(limit, W1, 'L', 1);
        limit.forgetUpTo(W0);
        assertThat(limit.openKeys(W0, 'L')).isZero();
        assertThat(limit.openKeys(W1, 'L')).isEqualTo(1);
        assertThat(limit.openWindows()).isEqualTo(1);
        // e.g. an idle handover emitted W0 while it stayed open: its new keys count from zero again
        assertThat(admit(limit, W0, 'L', 3)).containsExactly(OPEN, OPEN, FIRST_FOLD);
        limit.forgetUpTo(Long.MAX_VALUE);
        assertThat(limit.openWindows()).isZero();
    }

    @Test
    void keysRestoredFromStateCountTowardsTheLimit() {
        WindowKeyLimit limit = new WindowKeyLimit(3);
        limit.restored(W0, 'L');
        limit.restored(W0, 'L');
        assertThat(admit(limit, W0, 'L', 2)).containsExactly(OPEN, FIRST_FOLD);
    }

    @Test
    void theStateStaysBoundedUnderAFloodOfNewKeys() {
        WindowKeyLimit limit = new WindowKeyLimit(1_000);
        long folded = admit(limit, W0, 'L', 100_000).stream().filter(Admission::folds).count();
        assertThat(folded).isEqualTo(99_000);
        assertThat(limit.openKeys(W0, 'L')).isEqualTo(1_000);
    }

    @Test
    void theLimitIsAtLeastOneKey() {
        assertThatThrownBy(() -> new WindowKeyLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void overflowKeysKeepTheLevelAndKindOfTheKeysTheyTakeIn() {
        assertThat(OverflowKeys.link("workload|shop/web|shop/db")).isEqualTo("workload|(overflow)|(overflow)");
        assertThat(OverflowKeys.link("subnet|lab-a|lab-b")).isEqualTo("subnet|(overflow)|(overflow)");
        assertThat(OverflowKeys.latency("node|tcp_handshake|node-1|node-2"))
                .isEqualTo("node|tcp_handshake|(overflow)|(overflow)");
        assertThat(OverflowKeys.name()).isEqualTo("(overflow)");
    }
}
