package io.flowpulse.streams.logic.alert;

import io.flowpulse.streams.logic.state.InMemoryKeyValueState;
import io.flowpulse.streams.logic.state.KeyValueState;
import java.util.Objects;

/**
 * The state of an {@link AlertEvaluator}: firing alerts by alert id, DNS query history by client,
 * and the evaluator's progress (the start of the last closed window, epoch milliseconds).
 */
public record AlertStores(KeyValueState<AlertState> firing, KeyValueState<DnsVolumeHistory> dnsHistory,
                          KeyValueState<Long> progress) {

    public AlertStores {
        Objects.requireNonNull(firing, "firing");
        Objects.requireNonNull(dnsHistory, "dnsHistory");
        Objects.requireNonNull(progress, "progress");
    }

    public static AlertStores inMemory() {
        return new AlertStores(new InMemoryKeyValueState<>(), new InMemoryKeyValueState<>(), new InMemoryKeyValueState<>());
    }
}
