package io.flowpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LostEventsLogTest {

    private static final long SECOND = 1_000_000_000L;
    private final LostEventsLog log = new LostEventsLog(10 * SECOND);

    @Test
    void firstRecordOfANodeIsLoggedAtOnce() {
        assertThat(log.onLostEvents("lab-a-1", 12, "PERF_EVENT_RING_BUFFER", 0))
                .contains("Hubble on lab-a-1 lost 12 events (PERF_EVENT_RING_BUFFER)");
    }

    @Test
    void recordsWithinTheIntervalAreFoldedIntoTheNextWarning() {
        log.onLostEvents("lab-a-1", 12, "PERF_EVENT_RING_BUFFER", 0);
        assertThat(log.onLostEvents("lab-a-1", 5, "PERF_EVENT_RING_BUFFER", 2 * SECOND)).isEmpty();
        assertThat(log.onLostEvents("lab-a-1", 7, "OBSERVER_EVENTS_QUEUE", 9 * SECOND)).isEmpty();
        assertThat(log.onLostEvents("lab-a-1", 1, "PERF_EVENT_RING_BUFFER", 10 * SECOND))
                .contains("Hubble on lab-a-1 lost 1 events (PERF_EVENT_RING_BUFFER); 2 more lost-events records "
                        + "with 12 events since the previous warning");
        // the fold starts anew after each warning
        assertThat(log.onLostEvents("lab-a-1", 3, "PERF_EVENT_RING_BUFFER", 11 * SECOND)).isEmpty();
        assertThat(log.onLostEvents("lab-a-1", 4, "PERF_EVENT_RING_BUFFER", 25 * SECOND))
                .contains("Hubble on lab-a-1 lost 4 events (PERF_EVENT_RING_BUFFER); 1 more lost-events record "
                        + "with 3 events since the previous warning");
    }

    @Test
    void nodesAreThrottledApart() {
        log.onLostEvents("lab-a-1", 12, "PERF_EVENT_RING_BUFFER", 0);
        assertThat(log.onLostEvents("lab-b-1", 2, "PERF_EVENT_RING_BUFFER", SECOND))
                .contains("Hubble on lab-b-1 lost 2 events (PERF_EVENT_RING_BUFFER)");
        assertThat(log.onLostEvents("lab-a-1", 2, "PERF_EVENT_RING_BUFFER", SECOND)).isEmpty();
    }
}
