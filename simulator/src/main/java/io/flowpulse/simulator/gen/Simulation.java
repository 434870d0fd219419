package io.flowpulse.simulator.gen;

import io.flowpulse.hubble.flow.FlowProtos.DropReason;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimPod;
import io.flowpulse.simulator.cluster.SimWorkload;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultKind;
import io.flowpulse.simulator.model.FaultSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A running simulation: an endless (or time-boxed) stream of Hubble events in time order.
 * Conversations start as Poisson arrivals per traffic pattern; each writes its events into a
 * time-ordered heap, from which {@link #next()} takes them. All randomness comes from one
 * seeded generator, so the same model, options and seed give the same events. Not thread-safe.
 */
public final class Simulation {

    private static final int TAG_ARRIVAL = -1;
    private static final int TAG_WAKE = -2;
    private static final int TAG_LOST_TICK = -3;
    private static final double NANOS_PER_MINUTE = 60e9;
    private static final int HTTP_PROXY_PORT = 15001;

    private final Cluster cluster;
    private final SimulationOptions options;
    private final FaultBook faults;
    private final LatencyModel latency;
    private final SplittableRandom random;
    private final EventHeap heap = new EventHeap();
    private final Conversations conversations;
    private final SimulationStats stats = new SimulationStats();
    private final List<TrafficStream> streams = new ArrayList<>();
    private final long startNanos;
    private final long endNanos;
    private long lastTime;

    public Simulation(ClusterModel model, SimulationOptions options) {
        this.options = options;
        this.cluster = Cluster.build(model, options.seed());
        this.faults = new FaultBook(options.faults(), cluster);
        this.latency = new LatencyModel(model.paths(), cluster, faults);
        this.random = new SplittableRandom(options.seed());
        this.conversations = new Conversations(heap, random, cluster.dnsProxyPort(), HTTP_PROXY_PORT);
        this.startNanos = options.start().getEpochSecond() * 1_000_000_000L + options.start().getNano();
        this.endNanos = options.duration() == null ? Long.MAX_VALUE : startNanos + options.duration().toNanos();
        this.lastTime = startNanos;
        for (ClusterModel.Traffic t : model.traffic()) {
            streams.add(TrafficStream.resolve(t, cluster));
        }
        addFaultOnlyStreams();
        assignDnsNames();
        for (TrafficStream s : streams) {
            scheduleNext(s, startNanos);
        }
        for (FaultSpec f : faults.ofKind(FaultKind.LOST_EVENTS)) {
            scheduleLostEvents(f, startNanos);
        }
    }

    /**
     * The factor to apply to every modelled rate so that the simulation produces about
     * {@code flowsPerSecond} events per second: measured on the first two simulated minutes.
     */
    public static double rateScaleFor(ClusterModel model, SimulationOptions options, double flowsPerSecond) {
        if (!(flowsPerSecond > 0)) {
            throw new IllegalArgumentException("the flow rate must be positive, not " + flowsPerSecond);
        }
        Simulation probe = new Simulation(model, options.withRateScale(1.0).withDuration(java.time.Duration.ofMinutes(2)));
        long events = 0;
        while (probe.next() != null) {
            events++;
        }
        if (events == 0) {
            throw new IllegalArgumentException("the model produces no traffic, so no rate can be reached");
        }
        return flowsPerSecond / (events / 120.0);
    }

    public Cluster cluster() {
        return cluster;
    }

    public FaultBook faults() {
        return faults;
    }

    public SimulationOptions options() {
        return options;
    }

    public SimulationStats stats() {
        return stats;
    }

    public Instant start() {
        return options.start();
    }

    /** Time of the last event returned, in nanoseconds since the epoch. */
    public long lastTimeNanos() {
        return lastTime;
    }

    /** Time of the next event in nanoseconds since the epoch, or Long.MAX_VALUE when there is none. */
    public long peekTimeNanos() {
        while (!heap.isEmpty() && heap.peekTime() < endNanos) {
            if (heap.peekTag() >= 0) {
                return heap.peekTime();
            }
            long t = heap.peekTime();
            Object control = heap.poll();
            handleControl(t, control, heap.lastTag());
        }
        return Long.MAX_VALUE;
    }

    /** The next event in time order, or null when the simulation has reached its end. */
    public GetFlowsResponse next() {
        while (!heap.isEmpty() && heap.peekTime() < endNanos) {
            long t = heap.peekTime();
            Object payload = heap.poll();
            int tag = heap.lastTag();
            if (tag >= 0) {
                lastTime = t;
                stats.count(tag & 0xFF, (tag & Conversations.DROPPED_FLAG) != 0);
                return (GetFlowsResponse) payload;
            }
            handleControl(t, payload, tag);
        }
        return null;
    }

    private void handleControl(long t, Object payload, int tag) {
        switch (tag) {
            case TAG_ARRIVAL -> {
                TrafficStream s = (TrafficStream) payload;
                converse(s, t);
                scheduleNext(s, t);
            }
            case TAG_WAKE -> scheduleNext((TrafficStream) payload, t);
            case TAG_LOST_TICK -> {
                FaultSpec f = (FaultSpec) payload;
                if (f.activeAt(minute(t))) {
                    long max = Math.max(1, (long) f.param("max", 500));
                    conversations.lostEvents(t, cluster.node(f.target()), 1 + random.nextLong(max));
                }
                scheduleLostEvents(f, t);
            }
            default -> throw new IllegalStateException("unknown heap tag " + tag);
        }
    }

    private void converse(TrafficStream s, long t) {
        double minute = minute(t);
        SimPod client = pick(s.client);
        switch (s.protocol) {
            case TCP, HTTP -> {
                SimPod server = pick(s.server);
                long rtt = latency.sampleRttNanos(client.node(), server.node(), minute, random);
                boolean http = s.protocol == TrafficStream.Protocol.HTTP;
                long serverTime = http ? 1_500_000 + (long) (-Math.log(1.0 - random.nextDouble()) * 6_000_000)
                        : 150_000 + (long) (-Math.log(1.0 - random.nextDouble()) * 600_000);
                conversations.tcp(t, http ? FlowKind.HTTP : FlowKind.TCP, client, server, s.port, rtt, serverTime,
                        linkFaults(s.client, s.server, minute),
                        http ? new Conversations.HttpExchange(s.httpMethod, s.httpUrl, 200) : null);
            }
            case WORLD -> {
                long rtt = latency.sampleRttNanos(client.node(), null, minute, random);
                long serverTime = 5_000_000 + (long) (-Math.log(1.0 - random.nextDouble()) * 20_000_000);
                conversations.tcp(t, FlowKind.WORLD, client, s.world, s.port, rtt, serverTime,
                        Conversations.LinkFaults.NONE, null);
            }
            case UDP -> {
                SimPod server = pick(s.server);
                conversations.udp(t, client, server, s.port,
                        latency.sampleRttNanos(client.node(), server.node(), minute, random),
                        linkFaults(s.client, s.server, minute));
            }
            case ICMP -> {
                SimPod server = pick(s.server);
                conversations.ping(t, client, server,
                        latency.sampleRttNanos(client.node(), server.node(), minute, random),
                        linkFaults(s.client, s.server, minute));
            }
            case DNS -> dnsLookup(s, client, t, minute);
        }
    }

    private void dnsLookup(TrafficStream s, SimPod client, long t, double minute) {
        SimPod server = pick(s.server);
        long rtt = latency.sampleRttNanos(client.node(), server.node(), minute, random);
        long serverTime = 80_000 + (long) (-Math.log(1.0 - random.nextDouble()) * 300_000);
        String qtype = random.nextDouble() < 0.8 ? "A" : "AAAA";
        String query;
        String answer = null;
        int rcode;
        FaultSpec dga = faults.onClient(FaultKind.DGA, s.client, minute);
        FaultSpec nxdomain = faults.onClient(FaultKind.NXDOMAIN, s.client, minute);
        if (dga != null && random.nextDouble() < dga.param("fraction", 0.3)) {
            query = DnsNames.dga(random);
            rcode = random.nextDouble() < 0.9 ? 3 : 0;
            answer = "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        } else {
            int i = random.nextInt(s.names.size());
            if (nxdomain != null && random.nextDouble() < nxdomain.param("fraction", 0.8)) {
                query = s.names.missing(i);
                rcode = 3;
            } else if (random.nextDouble() < 0.05) {
                query = s.names.searchExpansion(i);
                rcode = 3;
            } else {
                query = s.names.name(i);
                rcode = 0;
                answer = s.names.answer(i);
            }
        }
        FaultSpec servfail = faults.onClient(FaultKind.SERVFAIL, s.client, minute);
        if (servfail != null && random.nextDouble() < servfail.param("fraction", 0.3)) {
            rcode = 2;
        }
        FaultSpec slow = faults.onClient(FaultKind.SLOW_DNS, s.client, minute);
        if (slow != null && random.nextDouble() < slow.param("fraction", 0.3)) {
            serverTime += 600_000_000L + (long) (random.nextDouble() * 900_000_000L);
        }
        conversations.dns(t, client, server, rtt, serverTime, query, qtype, rcode, rcode == 0 ? answer : null);
    }

    private Conversations.LinkFaults linkFaults(SimWorkload client, SimWorkload server, double minute) {
        FaultSpec deny = faults.onLink(FaultKind.POLICY_DROP, client, server, minute);
        FaultSpec lossy = faults.onLink(FaultKind.PACKET_DROP, client, server, minute);
        if (deny == null && lossy == null) {
            return Conversations.LinkFaults.NONE;
        }
        return new Conversations.LinkFaults(
                deny == null ? 0 : deny.param("fraction", 1.0),
                lossy == null ? null : FaultBook.dropReason(lossy, DropReason.CT_MAP_INSERTION_FAILED),
                lossy == null ? 0 : lossy.param("fraction", 0.3));
    }

    private void scheduleNext(TrafficStream s, long now) {
        double minute = minute(now);
        double rate = effectiveRate(s, minute);
        if (rate <= 0) {
            double boundary = faults.nextBoundaryAfter(minute);
            if (!Double.isNaN(boundary)) {
                heap.add(startNanos + (long) Math.ceil(boundary * NANOS_PER_MINUTE), s, TAG_WAKE);
            }
            return;
        }
        long gap = (long) (-Math.log(1.0 - random.nextDouble()) / rate * 1e9);
        long at = now + Math.max(1, gap);
        if (at < endNanos) {
            heap.add(at, s, TAG_ARRIVAL);
        }
    }

    private void scheduleLostEvents(FaultSpec f, long now) {
        double minute = minute(now);
        long every = (long) (f.param("every", 5) * 1e9);
        long next;
        if (f.activeAt(minute)) {
            next = now + every;
        } else if (f.startMinute() != null && minute < f.startMinute()) {
            next = startNanos + (long) Math.ceil(f.startMinute() * NANOS_PER_MINUTE) + every / 2;
        } else {
            return;
        }
        if (next < endNanos) {
            heap.add(next, f, TAG_LOST_TICK);
        }
    }

    private double effectiveRate(TrafficStream s, double minute) {
        if (s.onlyDuring != null && !s.onlyDuring.activeAt(minute)) {
            return 0;
        }
        double rate = s.rate * options.rateScale();
        if (s.protocol == TrafficStream.Protocol.DNS) {
            FaultSpec storm = faults.onClient(FaultKind.DNS_STORM, s.client, minute);
            if (storm != null) {
                rate *= storm.param("factor", 10);
            }
        }
        return rate;
    }

    private double minute(long nanos) {
        return (nanos - startNanos) / NANOS_PER_MINUTE;
    }

    private SimPod pick(SimWorkload workload) {
        List<SimPod> pods = workload.pods();
        return pods.get(pods.size() == 1 ? 0 : random.nextInt(pods.size()));
    }

    /** A policy fault on a link nobody talks over would show nothing: give such a link its own traffic. */
    private void addFaultOnlyStreams() {
        for (FaultSpec f : faults.ofKind(FaultKind.POLICY_DROP)) {
            String[] ends = f.target().split("->");
            String clientName = ends[0].trim();
            String serverName = ends[1].trim();
            if (clientName.endsWith("/*") || serverName.endsWith("/*")) {
                continue;
            }
            SimWorkload client = cluster.workload(clientName);
            SimWorkload server = cluster.workload(serverName);
            boolean used = streams.stream().anyMatch(s -> s.client == client && s.server == server
                    && s.protocol != TrafficStream.Protocol.DNS);
            if (!used) {
                streams.add(TrafficStream.forFault(f, client, server));
            }
        }
    }

    /** A client looks up the Services and outside hosts it talks to, and the API server. */
    private void assignDnsNames() {
        Map<SimWorkload, Map<String, String>> byClient = new LinkedHashMap<>();
        for (TrafficStream s : streams) {
            Map<String, String> names = byClient.computeIfAbsent(s.client, c -> new LinkedHashMap<>());
            if (s.protocol == TrafficStream.Protocol.WORLD) {
                names.put(s.world.host() + ".", s.world.ip());
            } else if (s.protocol != TrafficStream.Protocol.DNS && s.server.serviceFqdn() != null) {
                names.put(s.server.serviceFqdn(), s.server.clusterIp());
            }
        }
        for (TrafficStream s : streams) {
            if (s.protocol == TrafficStream.Protocol.DNS) {
                Map<String, String> names = new LinkedHashMap<>(byClient.getOrDefault(s.client, Map.of()));
                names.put("kubernetes.default.svc." + cluster.dnsDomain() + ".", "10.96.0.1");
                s.names = new DnsNames(new ArrayList<>(names.keySet()), new ArrayList<>(names.values()),
                        s.client.namespace(), cluster.dnsDomain());
            }
        }
    }
}
