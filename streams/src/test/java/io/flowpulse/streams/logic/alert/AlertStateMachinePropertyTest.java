package io.flowpulse.streams.logic.alert;

import static io.flowpulse.streams.logic.alert.AlertFixtures.MINUTE;
import static io.flowpulse.streams.logic.alert.AlertFixtures.link;
import static io.flowpulse.streams.logic.alert.AlertFixtures.w;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.LinkWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Random histories of one link against the rule as the spec states it, step by step. */
class AlertStateMachinePropertyTest {

    enum Step { HOLDS, RECORD_WITHOUT_CONDITION, NO_RECORD, SKIPPED }

    @RepeatedTest(50)
    void emitsExactlyTheSpecifiedTransitions(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        AlertEvaluator evaluator = AlertEvaluator.inMemory(AlertThresholds.DEFAULTS, MINUTE);
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        boolean firing = false;
        int without = 0;
        for (int n = 0; n < 60; n++) {
            Step step = Step.values()[random.nextInt(Step.values().length)];
            // the spec, literally: fire when it starts; resolve at the 2nd consecutive closed window without it
            if (step == Step.HOLDS) {
                if (!firing) {
                    expected.add("FIRING@" + n);
                }
                firing = true;
                without = 0;
            } else if (firing && ++without == 2) {
                expected.add("RESOLVED@" + n);
                firing = false;
                without = 0;
            }
            if (step == Step.SKIPPED && n < 59) {
                continue; // never reported to the evaluator: it learns of the window from the next call
            }
            List<LinkWindow> links = switch (step) {
                case HOLDS -> List.of(link(w(n), "node", "a", "b", 80, 20 + random.nextInt(20)));
                case RECORD_WITHOUT_CONDITION -> List.of(random.nextBoolean()
                        ? link(w(n), "node", "a", "b", 99, 1)     // 1 % drops
                        : link(w(n), "node", "a", "b", 10, 5));   // 33 % but only 15 events
                default -> List.of();
            };
            for (Alert alert : evaluator.onWindowClosed(new ClosedWindow(w(n), links, List.of(), List.of(), List.of()))) {
                int index = (int) java.time.Duration.between(w(0).start(), alert.getWindowStart()).toMinutes();
                actual.add(alert.getState() + "@" + index);
            }
        }
        assertThat(actual).isEqualTo(expected);
    }
}
