package io.flowpulse.simulator.gen;

import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowType;
import io.flowpulse.hubble.flow.FlowProtos.L7FlowType;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An independent reading of the analytics contract for DNS health (spec section 4), per client and minute. */
final class DnsWindows {

    static final class Window {
        int queries;
        int responses;
        final Map<Integer, Integer> rcodes = new TreeMap<>();
        final List<Double> latenciesMs = new ArrayList<>();
        final Set<String> requestNames = new HashSet<>();

        int rcode(int code) {
            return rcodes.getOrDefault(code, 0);
        }

        double p99() {
            double[] v = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length == 0 ? 0 : v[(int) Math.ceil(0.99 * v.length) - 1];
        }

        long suspiciousNames() {
            return requestNames.stream().filter(DnsWindows::suspicious).count();
        }
    }

    /** client workload -> minute -> window. */
    static Map<String, Map<Integer, Window>> byClient(List<GetFlowsResponse> events) {
        Map<String, Map<Integer, Window>> result = new TreeMap<>();
        for (GetFlowsResponse r : events) {
            Flow f = r.getFlow();
            if (f.getType() != FlowType.L7 || !f.getL7().hasDns()) {
                continue;
            }
            boolean request = f.getL7().getType() == L7FlowType.REQUEST;
            String client = Runs.workload(request ? f.getSource() : f.getDestination());
            Window w = result.computeIfAbsent(client, c -> new TreeMap<>()).computeIfAbsent(Runs.minute(f), m -> new Window());
            if (request) {
                w.queries++;
                w.requestNames.add(f.getL7().getDns().getQuery());
            } else {
                w.responses++;
                w.rcodes.merge(f.getL7().getDns().getRcode(), 1, Integer::sum);
                if (f.getL7().getLatencyNs() > 0) {
                    w.latenciesMs.add(f.getL7().getLatencyNs() / 1e6);
                }
            }
        }
        return result;
    }

    static boolean suspicious(String name) {
        String label = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return label.length() >= 20 && DnsNames.entropyBitsPerChar(label.toCharArray()) >= 3.8;
    }
}
