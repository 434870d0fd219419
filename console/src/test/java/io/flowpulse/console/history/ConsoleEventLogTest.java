package io.flowpulse.console.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleEventLogTest {

    final AtomicLong now = new AtomicLong(1_000_000);

    EventLog log(int max, Duration age) {
        return new EventLog(max, age, now::get, 100);
    }

    static List<Long> ids(List<ConsoleEvent> events) {
        return events.stream().map(ConsoleEvent::id).toList();
    }

    @Test
    void idsAreConsecutiveFromTheFirstId() {
        EventLog log = log(10, Duration.ofMinutes(5));
        assertThat(log.lastId()).isEqualTo(99);
        assertThat(log.append("window", "{}").id()).isEqualTo(100);
        assertThat(log.append("alert", "{}").id()).isEqualTo(101);
        assertThat(ids(log.all())).containsExactly(100L, 101L);
        assertThat(log.oldestId()).isEqualTo(100);
    }

    @Test
    void boundedByCountTheOldestGoFirst() {
        EventLog log = log(3, Duration.ofMinutes(5));
        for (int i = 0; i < 7; i++) {
            log.append("window", "{\"i\":" + i + "}");
        }
        assertThat(log.size()).isEqualTo(3);
        assertThat(ids(log.all())).containsExactly(104L, 105L, 106L);
        assertThat(log.all().get(0).json()).isEqualTo("{\"i\":4}");
    }

    @Test
    void boundedByAgeOnAppendAndOnTrim() {
        EventLog log = log(100, Duration.ofSeconds(10));
        log.append("window", "a");
        now.addAndGet(6_000);
        log.append("window", "b");
        now.addAndGet(6_000);
        log.append("window", "c");
        assertThat(ids(log.all())).containsExactly(101L, 102L);
        now.addAndGet(20_000);
        log.trim();
        assertThat(log.size()).isZero();
        assertThat(log.oldestId()).isEqualTo(103);
        assertThat(log.lastId()).isEqualTo(102);
    }

    @Test
    void afterGivesExactlyTheMissedEventsOrNothingWhenSomeAreGone() {
        EventLog log = log(5, Duration.ofMinutes(5));
        for (int i = 0; i < 8; i++) {
            log.append("window", "x");
        }
        // retained: 103..107
        assertThat(log.after(107)).hasValueSatisfying(l -> assertThat(l).isEmpty());
        assertThat(log.after(105).map(ConsoleEventLogTest::ids)).hasValue(List.of(106L, 107L));
        assertThat(log.after(102).map(ConsoleEventLogTest::ids)).hasValue(List.of(103L, 104L, 105L, 106L, 107L));
        assertThat(log.after(101)).as("104's predecessor 102 gone: a gap").isEmpty();
        assertThat(log.after(108)).as("never given out").isEmpty();
        assertThat(log.after(5)).isEmpty();
    }

    @Test
    void emptyLogResumesFromItsLastId() {
        EventLog log = log(5, Duration.ofMinutes(5));
        assertThat(log.after(99)).hasValueSatisfying(l -> assertThat(l).isEmpty());
        assertThat(log.after(100)).isEmpty();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> log(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
