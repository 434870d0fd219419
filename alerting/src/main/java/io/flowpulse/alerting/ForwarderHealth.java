package io.flowpulse.alerting;

import io.flowpulse.runtime.HealthCheck;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Readiness of the forwarder: down while a target has failed {@link #FAILURES_UNTIL_DOWN} attempts
 * in a row, with the last reason; up again after its next success.
 */
public final class ForwarderHealth implements HealthCheck {

    static final int FAILURES_UNTIL_DOWN = 3;

    private record Streak(int failures, Instant since, String reason) {
    }

    private final Map<String, Streak> streaks = new TreeMap<>();

    synchronized void succeeded(String target) {
        streaks.remove(target);
    }

    synchronized void failed(String target, String reason, Instant now) {
        Streak s = streaks.get(target);
        streaks.put(target, new Streak(s == null ? 1 : s.failures() + 1, s == null ? now : s.since(), reason));
    }

    @Override
    public synchronized Status check() {
        StringBuilder down = new StringBuilder();
        streaks.forEach((target, s) -> {
            if (s.failures() >= FAILURES_UNTIL_DOWN) {
                down.append(down.isEmpty() ? "" : "; ").append(target).append(" failing since ").append(s.since())
                        .append(" (").append(s.failures()).append(" attempts): ").append(s.reason());
            }
        });
        return down.isEmpty() ? Status.up("delivering") : Status.down(down.toString());
    }
}
