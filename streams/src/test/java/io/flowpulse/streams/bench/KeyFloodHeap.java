package io.flowpulse.streams.bench;

import io.flowpulse.schemas.avro.Dns;
import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Layer7;
import io.flowpulse.schemas.avro.Node;
import io.flowpulse.schemas.avro.Workload;
import io.flowpulse.streams.topology.InProcessTopology;
import io.flowpulse.streams.topology.PipelineMetrics;
import io.flowpulse.streams.topology.TopologySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Heap held by the open window of the analytics when a flood of new workloads arrives in one minute,
 * with and without the key limit ({@code streams.window.max.keys}). Runs the topology's processors in
 * process ({@link InProcessTopology}, one flows partition, in-memory stores: the replay's engine; the
 * live service keeps the same decoded aggregates on the heap and the encoded ones in RocksDB). Each
 * workload sends one TCP flow to a server (a workload-level link) and gets one DNS answer with a
 * latency (a DNS client). The heap is measured after full GCs, with the window still open.
 *
 * <p>{@code scripts/bench/key-flood-heap.sh [workloads] [limit ...]}; limit 0 means no limit.
 */
public final class KeyFloodHeap {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final List<Node> NODES = List.of(
            Node.newBuilder().setName("node-1").setAddresses(List.of("192.168.10.11"))
                    .setPodCidrs(List.of("10.244.1.0/24")).setSubnet("lab-a").build(),
            Node.newBuilder().setName("node-2").setAddresses(List.of("192.168.20.12"))
                    .setPodCidrs(List.of("10.244.2.0/24")).setSubnet("lab-b").build());

    private KeyFloodHeap() {
    }

    public static void main(String[] args) {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int[] limits = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {0, TopologySettings.DEFAULT_MAX_KEYS_PER_WINDOW, 5_000};
        System.out.printf(Locale.ROOT, "%,d new workloads in one minute (one TCP flow and one DNS answer each)%n", workloads);
        long baseline = usedHeapAfterGc();
        for (int limit : limits) {
            run(workloads, limit, baseline);
        }
    }

    static void run(int workloads, int limit, long baseline) {
        TopologySettings settings = TopologySettings.builder().topologyNodes(NODES)
                .maxKeysPerWindow(limit == 0 ? Integer.MAX_VALUE : limit).build();
        PipelineMetrics metrics = PipelineMetrics.standalone();
        long[] outputs = {0};
        InProcessTopology topology = new InProcessTopology(settings, metrics, (key, value) -> outputs[0]++);
        long started = System.nanoTime();
        long spacingNanos = 50_000_000_000L / workloads;
        for (int i = 0; i < workloads; i++) {
            Instant time = T0.plusNanos(spacingNanos * i);
            Flow tcp = tcp(i, time);
            topology.process(tcp.getNode(), tcp, time.toEpochMilli());
            Flow dns = dnsAnswer(i, time.plusNanos(spacingNanos / 2));
            topology.process(dns.getNode(), dns, time.toEpochMilli());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long held = usedHeapAfterGc() - baseline;
        topology.endOfStream(T0.plusSeconds(59).toEpochMilli());
        System.out.printf(Locale.ROOT, "limit %-9s heap held by the open window %,7.1f MiB (%,5.0f B per workload), "
                        + "%,d records out, %,.0f link + %,.0f dns contributions folded, %.1f s%n",
                limit == 0 ? "none" : String.format(Locale.ROOT, "%,d", limit), held / 1048576.0,
                (double) held / workloads, outputs[0], metrics.overflowContributions("link").count(),
                metrics.overflowContributions("dns").count(), seconds);
    }

    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static Endpoint workload(int i) {
        String name = "w-" + i;
        return Endpoint.newBuilder().setId(1_000 + i).setNamespace("flood").setPodName(name + "-5d9c7b6f4-abcde")
                .setWorkloads(List.of(new Workload(name, "Deployment"))).build();
    }

    static Endpoint server(String namespace, String name) {
        return Endpoint.newBuilder().setId(0).setNamespace(namespace).setPodName(name + "-7d9f8b6c5d-fghij")
                .setWorkloads(List.of(new Workload(name, "Deployment"))).build();
    }

    static Flow.Builder flow(Instant time) {
        return Flow.newBuilder().setTime(time).setNodeName("node-1").setNode("node-1").setVerdict("FORWARDED");
    }

    static Flow tcp(int i, Instant time) {
        return flow(time).setFlowType("L3_L4").setProtocol("TCP").setIpVersion("IPv4")
                .setSourceIp("10.244.1." + (10 + i % 200)).setSourcePort(40_000 + i % 20_000)
                .setDestinationIp("10.244.2.20").setDestinationPort(5432).setTcpFlags(List.of("ACK"))
                .setSource(workload(i)).setDestination(server("shop", "db")).build();
    }

    static Flow dnsAnswer(int i, Instant time) {
        Dns dns = Dns.newBuilder().setQuery("db.shop.svc.cluster.local.").setRcode(0).build();
        return flow(time).setFlowType("L7")
                .setL7(Layer7.newBuilder().setType("RESPONSE").setLatencyNs(400_000 + i % 1_000).setDns(dns).build())
                .setSource(server("kube-system", "coredns")).setSourceIp("10.244.2.53")
                .setDestination(workload(i)).setDestinationIp("10.244.1." + (10 + i % 200)).build();
    }
}
