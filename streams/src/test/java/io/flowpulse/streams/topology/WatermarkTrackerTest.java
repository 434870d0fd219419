package io.flowpulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WatermarkTrackerTest {

    @Test
    void nothingIsCompleteUntilEveryPartitionHasReported() {
        WatermarkTracker tracker = new WatermarkTracker(3);
        tracker.update(new Watermark(0, 120_000, 131_000));
        tracker.update(new Watermark(2, 60_000, 75_000));
        assertThat(tracker.completeUpTo()).isEqualTo(Long.MIN_VALUE);
        tracker.update(new Watermark(1, 180_000, 195_000));
        assertThat(tracker.completeUpTo()).isEqualTo(60_000);
        assertThat(tracker.maxEventTime()).isEqualTo(195_000);
    }

    @Test
    void theSlowestPartitionHoldsBackCompletionAndWatermarksNeverMoveBack() {
        WatermarkTracker tracker = new WatermarkTracker(2);
        tracker.update(new Watermark(0, 600_000, 611_000));
        tracker.update(new Watermark(1, 60_000, 71_000));
        assertThat(tracker.completeUpTo()).isEqualTo(60_000);
        tracker.update(new Watermark(1, 0, 71_000)); // a repeated, older watermark
        assertThat(tracker.completeUpTo()).isEqualTo(60_000);
        tracker.update(new Watermark(1, Long.MAX_VALUE, 90_000)); // end of stream on partition 1
        assertThat(tracker.completeUpTo()).isEqualTo(600_000);
        tracker.update(new Watermark(0, Long.MAX_VALUE, 611_000));
        assertThat(tracker.completeUpTo()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anIdlePartitionIsNotWaitedForUntilItReportsProgressAgain() {
        WatermarkTracker tracker = new WatermarkTracker(3);
        tracker.update(new Watermark(0, 300_000, 311_000));
        tracker.update(new Watermark(1, 240_000, 251_000));
        tracker.update(new Watermark(2, Long.MIN_VALUE, Long.MIN_VALUE, true)); // never had a record
        assertThat(tracker.completeUpTo()).isEqualTo(240_000);
        tracker.update(new Watermark(2, 120_000, 131_000)); // traffic again: it holds back completion
        assertThat(tracker.completeUpTo()).isEqualTo(120_000);
        tracker.update(new Watermark(0, 300_000, 311_000, true));
        tracker.update(new Watermark(1, 240_000, 251_000, true));
        tracker.update(new Watermark(2, 120_000, 131_000, true));
        assertThat(tracker.completeUpTo()).as("all idle: no progress").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aWatermarkFromAnUnknownPartitionIsAnError() {
        WatermarkTracker tracker = new WatermarkTracker(2);
        assertThatThrownBy(() -> tracker.update(new Watermark(2, 0, 0)))
                .hasMessageContaining("flows topic has 2 partition(s)");
    }

    @Test
    void storeKeysSortByWindowStartAndRangeBoundsSelectEarlierWindows() {
        String early = new WindowedKey(60_000, 'L', "node|a|b").asString();
        String late = new WindowedKey(120_000, 'D', "shop/web").asString();
        String negative = new WindowedKey(-60_000, 'L', "x").asString();
        assertThat(negative).isLessThan(early);
        assertThat(early).isLessThan(late);
        assertThat(WindowedKey.upperBoundForStartsUpTo(60_000)).isGreaterThan(early).isLessThan(late);
        assertThat(WindowedKey.lowest()).isLessThan(negative);
        assertThat(WindowedKey.parse(late)).isEqualTo(new WindowedKey(120_000, 'D', "shop/web"));
        assertThat(Watermark.fromBytes(new Watermark(3, Long.MAX_VALUE, -5, true).toBytes()))
                .isEqualTo(new Watermark(3, Long.MAX_VALUE, -5, true));
    }
}
