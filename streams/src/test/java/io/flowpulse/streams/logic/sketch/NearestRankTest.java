package io.flowpulse.streams.logic.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NearestRankTest {

    @Test
    void rankIsCeilingOfPercentTimesCount() {
        assertThat(NearestRank.rank(50, 4)).isEqualTo(2);    // 2.0
        assertThat(NearestRank.rank(50, 5)).isEqualTo(3);    // 2.5
        assertThat(NearestRank.rank(90, 10)).isEqualTo(9);   // 9.0
        assertThat(NearestRank.rank(99, 200)).isEqualTo(198); // exactly 198, no floating-point spill to 199
        assertThat(NearestRank.rank(99, 100)).isEqualTo(99);
        assertThat(NearestRank.rank(95, 20)).isEqualTo(19);
        assertThat(NearestRank.rank(99, 1)).isEqualTo(1);
        assertThat(NearestRank.rank(0.1, 5)).isEqualTo(1);   // 0.005 rounds up to the first sample
        assertThat(NearestRank.rank(100, 7)).isEqualTo(7);
    }

    @Test
    void rejectsOutOfRangeInput() {
        assertThatThrownBy(() -> NearestRank.rank(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.rank(101, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.rank(50, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
