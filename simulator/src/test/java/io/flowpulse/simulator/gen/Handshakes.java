package io.flowpulse.simulator.gen;

import io.flowpulse.hubble.flow.FlowProtos.Flow;
import io.flowpulse.hubble.flow.FlowProtos.FlowType;
import io.flowpulse.hubble.flow.FlowProtos.TCP;
import io.flowpulse.hubble.flow.FlowProtos.Verdict;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.Ipv4;
import io.flowpulse.simulator.cluster.SimNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent reading of the analytics contract for TCP handshake latency (spec section 5):
 * at a node, a SYN without ACK from a local source that is not a reply, then the first SYN-ACK on
 * the reversed 5-tuple within 10 s; samples grouped per subnet pair and minute.
 */
final class Handshakes {

    record Sample(long synTime, double ms) {
    }

    /** subnet pair "src->dst" -> minute -> samples in SYN time order. */
    static Map<String, Map<Integer, List<Sample>>> bySubnetPair(List<GetFlowsResponse> events, Cluster cluster) {
        Map<String, Long> openSyns = new HashMap<>();
        Map<String, Map<Integer, List<Sample>>> result = new TreeMap<>();
        for (GetFlowsResponse r : events) {
            if (!r.hasFlow()) {
                continue;
            }
            Flow f = r.getFlow();
            if (f.getType() != FlowType.L3_L4 || !f.getL4().hasTCP() || f.getVerdict() == Verdict.DROPPED) {
                continue;
            }
            TCP tcp = f.getL4().getTCP();
            boolean syn = tcp.getFlags().getSYN();
            boolean ack = tcp.getFlags().getACK();
            String node = f.getNodeName();
            if (syn && !ack && f.getSource().getID() > 0 && !(f.hasIsReply() && f.getIsReply().getValue())) {
                String key = node + "|" + f.getIP().getSource() + ":" + tcp.getSourcePort() + ">" + f.getIP().getDestination() + ":" + tcp.getDestinationPort();
                openSyns.putIfAbsent(key, Runs.nanos(f));
            } else if (syn && ack) {
                String key = node + "|" + f.getIP().getDestination() + ":" + tcp.getDestinationPort() + ">" + f.getIP().getSource() + ":" + tcp.getSourcePort();
                Long synTime = openSyns.remove(key);
                if (synTime != null && Runs.nanos(f) - synTime <= 10_000_000_000L) {
                    String src = subnetOf(f.getIP().getDestination(), cluster);
                    String dst = subnetOf(f.getIP().getSource(), cluster);
                    int minute = (int) ((synTime / 1_000_000_000L - Runs.START.getEpochSecond()) / 60);
                    result.computeIfAbsent(src + "->" + dst, k -> new TreeMap<>())
                            .computeIfAbsent(minute, k -> new ArrayList<>())
                            .add(new Sample(synTime, (Runs.nanos(f) - synTime) / 1e6));
                }
            }
        }
        for (Map<Integer, List<Sample>> perMinute : result.values()) {
            for (List<Sample> samples : perMinute.values()) {
                samples.sort((a, b) -> a.synTime != b.synTime ? Long.compare(a.synTime, b.synTime) : Double.compare(a.ms, b.ms));
            }
        }
        return result;
    }

    static String subnetOf(String ip, Cluster cluster) {
        int address = Ipv4.parse(ip);
        for (SimNode node : cluster.nodes()) {
            if (node.podCidr().contains(address)) {
                return node.subnet();
            }
        }
        return "external";
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Sample> samples, double p) {
        double[] values = samples.stream().mapToDouble(Sample::ms).sorted().toArray();
        int rank = (int) Math.ceil(p / 100 * values.length);
        return values[Math.max(1, rank) - 1];
    }

    static double jitter(List<Sample> samples) {
        if (samples.size() < 2) {
            return 0;
        }
        double sum = 0;
        for (int i = 1; i < samples.size(); i++) {
            sum += Math.abs(samples.get(i).ms - samples.get(i - 1).ms);
        }
        return sum / (samples.size() - 1);
    }
}
