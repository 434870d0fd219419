package io.flowpulse.replay;

import io.flowpulse.schemas.avro.Alert;
import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final records a replay's topology emitted. Each window record is kept once per key and window
 * and each alert change once per id, state and window: should Kafka deliver a record twice (the
 * topology runs at-least-once), the copy is counted in {@link #duplicates()} and not reported twice.
 */
public final class ReplayOutputs {

    private final Map<String, LinkWindow> links = new LinkedHashMap<>();
    private final Map<String, DnsWindow> dns = new LinkedHashMap<>();
    private final Map<String, LatencyWindow> latency = new LinkedHashMap<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private long duplicates;

    public void add(Object record) {
        if (record instanceof LinkWindow link) {
            count(links.put(String.join("|", link.getLevel(), link.getSrc(), link.getDst(),
                    link.getWindowStart().toString()), link));
        } else if (record instanceof DnsWindow window) {
            count(dns.put(window.getClient() + "|" + window.getWindowStart(), window));
        } else if (record instanceof LatencyWindow window) {
            count(latency.put(String.join("|", window.getLevel(), window.getKind(), window.getSrc(), window.getDst(),
                    window.getWindowStart().toString()), window));
        } else if (record instanceof Alert alert) {
            count(alerts.put(String.join("|", alert.getId(), alert.getState(), alert.getWindowStart().toString()),
                    alert));
        } else {
            throw new IllegalArgumentException("not a record of a replay output topic: "
                    + (record == null ? "null" : record.getClass().getName()));
        }
    }

    private void count(Object previous) {
        if (previous != null) {
            duplicates++;
        }
    }

    public Collection<LinkWindow> links() {
        return List.copyOf(links.values());
    }

    public Collection<DnsWindow> dns() {
        return List.copyOf(dns.values());
    }

    public Collection<LatencyWindow> latency() {
        return List.copyOf(latency.values());
    }

    public Collection<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public long duplicates() {
        return duplicates;
    }
}
