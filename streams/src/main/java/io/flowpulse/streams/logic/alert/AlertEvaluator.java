package io.flowpulse.streams.logic.alert;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.state.KeyValueState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns closed windows into alert state changes (analytics spec section 6).
 *
 * <p>Drive it with every closed window, in window order, together with all result records of
 * that window ({@link #onWindowClosed}). An alert fires once, in the first window whose
 * condition holds; it resolves once, in the {@code resolveAfterWindows}-th [2nd] consecutive
 * closed window without the condition, whether or not its subject has a record there; in
 * between nothing is emitted. Windows skipped between two calls count as closed windows without
 * records, so a firing alert also resolves across a gap in the data. An alert still firing when
 * the input ends stays firing: do not close windows beyond the data at the end of a replay.
 *
 * <p>All state lives in {@link AlertStores}, so the same code runs in a Kafka Streams processor
 * (stores backed by state stores) and offline (in memory).
 */
public final class AlertEvaluator {

    public static final String FIRING = "FIRING";
    public static final String RESOLVED = "RESOLVED";
    public static final String CRITICAL = "CRITICAL";
    public static final String WARNING = "WARNING";

    static final String LAST_CLOSED = "last-closed-window-start";

    private static final Comparator<Alert> EMIT_ORDER = Comparator.comparing(Alert::getKind)
            .thenComparing(Alert::getSubject).thenComparing(Alert::getState);

    private final AlertThresholds thresholds;
    private final AlertRules rules;
    private final Duration windowSize;
    private final AlertStores stores;

    public AlertEvaluator(AlertThresholds thresholds, Duration windowSize, AlertStores stores) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.rules = new AlertRules(thresholds);
        this.windowSize = Objects.requireNonNull(windowSize, "windowSize");
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    /** Offline evaluator with in-memory state. */
    public static AlertEvaluator inMemory(AlertThresholds thresholds, Duration windowSize) {
        return new AlertEvaluator(thresholds, windowSize, AlertStores.inMemory());
    }

    /** The start of the last window closed so far, or null. */
    public Instant lastClosedWindowStart() {
        Long last = stores.progress().get(LAST_CLOSED);
        return last == null ? null : Instant.ofEpochMilli(last);
    }

    /** Evaluates a closed window (after any skipped windows); returns the alerts that start or end, sorted by kind, subject, state. */
    public List<Alert> onWindowClosed(ClosedWindow closed) {
        TimeWindow window = closed.window();
        if (!window.size().equals(windowSize)) {
            throw new IllegalArgumentException("window " + window + " is not " + windowSize + " long");
        }
        List<Alert> changes = new ArrayList<>();
        Instant last = lastClosedWindowStart();
        if (last != null) {
            if (!window.start().isAfter(last)) {
                throw new IllegalStateException("window starting " + window.start()
                        + " closed out of order: the last closed window started at " + last);
            }
            TimeWindow skipped = TimeWindow.startingAt(last, windowSize).next();
            for (int i = 0; i < thresholds.resolveAfterWindows() && skipped.start().isBefore(window.start()); i++) {
                changes.addAll(evaluate(ClosedWindow.empty(skipped)));
                skipped = skipped.next();
            }
        }
        changes.addAll(evaluate(closed));
        stores.progress().put(LAST_CLOSED, window.start().toEpochMilli());
        return changes;
    }

    private List<Alert> evaluate(ClosedWindow closed) {
        Map<String, Observation> observations = observe(closed);
        List<Alert> changes = new ArrayList<>();
        KeyValueState<AlertState> firing = stores.firing();
        for (Observation o : observations.values()) {
            AlertState state = firing.get(o.alertId());
            if (o.holds()) {
                if (state == null) {
                    String severity = severity(o.value(), o.threshold());
                    firing.put(o.alertId(), new AlertState(closed.window().start(), severity, o.threshold(), 0));
                    changes.add(alert(o.kind(), o.subject(), severity, FIRING, closed.window(), o.value(), o.threshold(),
                            o.description()));
                } else if (state.windowsWithoutCondition() != 0) {
                    firing.put(o.alertId(), state.withWindowsWithoutCondition(0));
                }
            } else if (state != null) {
                conditionAbsent(o.alertId(), state, closed.window(), o.value(), o.threshold(), o.description(), changes);
            }
        }
        for (String id : firing.keys()) {
            if (!observations.containsKey(id)) {
                AlertState state = firing.get(id);
                conditionAbsent(id, state, closed.window(), 0, state.threshold(),
                        "no record for " + subjectOf(id) + " in the window", changes);
            }
        }
        changes.sort(EMIT_ORDER);
        return changes;
    }

    private Map<String, Observation> observe(ClosedWindow closed) {
        Map<String, Observation> observations = new TreeMap<>();
        for (LinkWindow link : closed.links()) {
            add(observations, rules.linkDropRate(link));
        }
        for (DnsWindow dns : closed.dns()) {
            rules.dns(dns).forEach(o -> add(observations, o));
            DnsVolumeHistory history = stores.dnsHistory().get(dns.getClient());
            if (history == null) {
                history = DnsVolumeHistory.EMPTY;
            }
            add(observations, history.observe(dns.getClient(), dns.getQueries(), thresholds));
            stores.dnsHistory().put(dns.getClient(), history.next(dns.getQueries(), thresholds.volumeEwmaAlpha()));
        }
        for (LatencyWindow latency : closed.latency()) {
            rules.latency(latency).forEach(o -> add(observations, o));
        }
        for (NodeLostEvents lost : closed.lostEvents()) {
            add(observations, rules.lostEvents(lost));
        }
        return observations;
    }

    private static void add(Map<String, Observation> observations, Observation observation) {
        if (observations.putIfAbsent(observation.alertId(), observation) != null) {
            throw new IllegalArgumentException("two records in one window for alert " + observation.alertId());
        }
    }

    private void conditionAbsent(String id, AlertState state, TimeWindow window, double value, double threshold,
                                 String description, List<Alert> changes) {
        int without = state.windowsWithoutCondition() + 1;
        if (without < thresholds.resolveAfterWindows()) {
            stores.firing().put(id, state.withWindowsWithoutCondition(without));
            return;
        }
        stores.firing().delete(id);
        changes.add(alert(kindOf(id), subjectOf(id), state.severity(), RESOLVED, window, value, threshold,
                "Resolved after " + without + " window" + (without == 1 ? "" : "s") + " without the condition (firing since "
                        + state.firedWindowStart() + "): " + description));
    }

    private String severity(double value, double threshold) {
        return value >= thresholds.criticalFactor() * threshold ? CRITICAL : WARNING;
    }

    private static Alert alert(AlertKind kind, String subject, String severity, String state, TimeWindow window,
                               double value, double threshold, String message) {
        return Alert.newBuilder()
                .setId(Observation.alertId(kind, subject))
                .setKind(kind.name())
                .setSeverity(severity)
                .setSubject(subject)
                .setState(state)
                .setWindowStart(window.start())
                .setWindowEnd(window.end())
                .setValue(value)
                .setThreshold(threshold)
                .setMessage(message)
                .build();
    }

    private static AlertKind kindOf(String id) {
        int colon = id.indexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("malformed alert id in the state store: '" + id + "'");
        }
        return AlertKind.valueOf(id.substring(0, colon));
    }

    private static String subjectOf(String id) {
        return id.substring(id.indexOf(':') + 1);
    }
}
