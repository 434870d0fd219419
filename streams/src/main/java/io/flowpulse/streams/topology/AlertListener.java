package io.flowpulse.streams.topology;

import io.flowpulse.streams.logic.codec.AlertProgressCodec;
import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.TimeWindow;
import io.flowpulse.streams.logic.alert.AlertEvaluator;
import io.flowpulse.streams.logic.alert.AlertState;
import io.flowpulse.streams.logic.alert.AlertStores;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import io.flowpulse.streams.logic.alert.ClosedWindow;
import io.flowpulse.streams.logic.alert.DnsVolumeHistory;
import io.flowpulse.streams.logic.alert.LostEventsAggregate;
import io.flowpulse.streams.logic.codec.StateCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the alert rules of a stage-2 task on its closed windows. Every alert subject is the key of
 * one aggregate (link, DNS client, latency key, node), so the aggregates and the alert state of a
 * subject live in the same task.
 */
final class AlertListener implements ClosedWindowListener {

    static final String FIRING_STORE = "stage2-alerts-firing";
    static final String DNS_HISTORY_STORE = "stage2-dns-history";
    static final String PROGRESS_STORE = "stage2-alerts-progress";

    private static final StateCodec<Long> LONG = AlertProgressCodec.INSTANCE;

    private final AlertEvaluator evaluator;
    private final PipelineMetrics metrics;

    private AlertListener(AlertEvaluator evaluator, PipelineMetrics metrics) {
        this.evaluator = evaluator;
        this.metrics = metrics;
    }

    static ClosedWindowListener.Factory factory(AlertThresholds thresholds, Duration windowSize, PipelineMetrics metrics) {
        return context -> {
            KeyValueStore<String, byte[]> firing = context.getStateStore(FIRING_STORE);
            KeyValueStore<String, byte[]> history = context.getStateStore(DNS_HISTORY_STORE);
            KeyValueStore<String, byte[]> progress = context.getStateStore(PROGRESS_STORE);
            AlertStores stores = new AlertStores(new StoreKeyValueState<>(firing, AlertState.CODEC),
                    new StoreKeyValueState<>(history, DnsVolumeHistory.CODEC), new StoreKeyValueState<>(progress, LONG));
            return new AlertListener(new AlertEvaluator(thresholds, windowSize, stores), metrics);
        };
    }

    @Override
    public List<KeyValue<String, SpecificRecord>> onWindowClosed(TimeWindow window, List<ClosedAggregate> aggregates) {
        List<LinkWindow> links = new ArrayList<>();
        List<DnsWindow> dns = new ArrayList<>();
        List<LatencyWindow> latency = new ArrayList<>();
        List<io.flowpulse.streams.logic.alert.NodeLostEvents> lost = new ArrayList<>();
        for (ClosedAggregate aggregate : aggregates) {
            if (aggregate.finalRecord() instanceof LinkWindow link) {
                links.add(link);
            } else if (aggregate.finalRecord() instanceof DnsWindow d) {
                dns.add(d);
            } else if (aggregate.finalRecord() instanceof LatencyWindow l) {
                latency.add(l);
            } else if (aggregate.aggregate() instanceof LostEventsAggregate l) {
                lost.add(l.forNode(aggregate.outputKey()));
            }
        }
        List<KeyValue<String, SpecificRecord>> out = new ArrayList<>();
        for (Alert alert : evaluator.onWindowClosed(new ClosedWindow(window, links, dns, latency, lost))) {
            metrics.alerts(alert.getState()).increment();
            out.add(KeyValue.pair(alert.getId(), alert));
        }
        return out;
    }
}
