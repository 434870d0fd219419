package io.flowpulse.simulator.gen;

import io.flowpulse.simulator.cluster.Cluster;
import io.flowpulse.simulator.cluster.SimWorkload;
import io.flowpulse.simulator.cluster.WorldPeer;
import io.flowpulse.simulator.model.ClusterModel;
import io.flowpulse.simulator.model.FaultSpec;
import java.util.Locale;

/** One traffic pattern of the model, resolved against the cluster. */
final class TrafficStream {

    enum Protocol { TCP, HTTP, UDP, ICMP, DNS, WORLD }

    final Protocol protocol;
    final SimWorkload client;
    final SimWorkload server;
    final WorldPeer world;
    final int port;
    final double rate;
    final String httpMethod;
    final String httpUrl;
    /** Set for traffic that exists only while this fault is active (a denied link nobody used before). */
    final FaultSpec onlyDuring;
    DnsNames names;

    private TrafficStream(Protocol protocol, SimWorkload client, SimWorkload server, WorldPeer world, int port,
                          double rate, String httpMethod, String httpUrl, FaultSpec onlyDuring) {
        this.protocol = protocol;
        this.client = client;
        this.server = server;
        this.world = world;
        this.port = port;
        this.rate = rate;
        this.httpMethod = httpMethod;
        this.httpUrl = httpUrl;
        this.onlyDuring = onlyDuring;
    }

    static TrafficStream resolve(ClusterModel.Traffic t, Cluster cluster) {
        String where = "traffic " + t.client() + " -> " + (t.server() != null ? t.server() : t.host()) + " (" + t.protocol() + ")";
        if (t.client() == null || t.protocol() == null) {
            throw new IllegalArgumentException("a traffic entry needs a client and a protocol: " + t);
        }
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(t.protocol().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown protocol '" + t.protocol() + "' (TCP, HTTP, UDP, ICMP, DNS, WORLD)");
        }
        if (t.rate() == null || !(t.rate() > 0)) {
            throw new IllegalArgumentException(where + ": rate must be a positive number of conversations per second");
        }
        SimWorkload client = resolveWorkload(where, t.client(), cluster);
        SimWorkload server = null;
        WorldPeer world = null;
        switch (protocol) {
            case DNS -> {
                server = t.server() == null ? cluster.dnsServer() : resolveWorkload(where, t.server(), cluster);
                if (server == null) {
                    throw new IllegalArgumentException(where + ": no DNS server workload in the model");
                }
            }
            case WORLD -> {
                if (t.address() == null || t.host() == null) {
                    throw new IllegalArgumentException(where + ": world traffic needs a host name and an address");
                }
                try {
                    io.flowpulse.simulator.cluster.Ipv4.parse(t.address());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                world = new WorldPeer(t.host(), t.address().trim());
            }
            default -> {
                if (t.server() == null) {
                    throw new IllegalArgumentException(where + ": needs a server workload");
                }
                server = resolveWorkload(where, t.server(), cluster);
            }
        }
        int port = switch (protocol) {
            case ICMP -> 0;
            case DNS -> 53;
            case WORLD -> t.port() == null ? 443 : t.port();
            default -> {
                if (t.port() != null) {
                    yield t.port();
                }
                if (server.servicePorts().isEmpty()) {
                    throw new IllegalArgumentException(where + ": needs a port (the server has no Service ports)");
                }
                yield server.servicePorts().get(0);
            }
        };
        if (protocol != Protocol.ICMP && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException(where + ": port " + port + " is out of range");
        }
        String url = null;
        if (protocol == Protocol.HTTP) {
            String host = server.service() != null ? server.service().getName() + "." + server.namespace() : server.name();
            String path = t.path() == null ? "/" : t.path();
            url = "http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
        }
        return new TrafficStream(protocol, client, server, world, port, t.rate(), "GET", url, null);
    }

    /** TCP traffic on a link that only a policy fault brings into being. */
    static TrafficStream forFault(FaultSpec fault, SimWorkload client, SimWorkload server) {
        int fallbackPort = server.servicePorts().isEmpty() ? 80 : server.servicePorts().get(0);
        int port = (int) fault.param("port", fallbackPort);
        return new TrafficStream(Protocol.TCP, client, server, null, port, fault.param("rate", 1.0), null, null, fault);
    }

    private static SimWorkload resolveWorkload(String where, String name, Cluster cluster) {
        SimWorkload w = cluster.workloads().get(name);
        if (w == null) {
            throw new IllegalArgumentException(where + ": unknown workload '" + name + "' (expected namespace/name)");
        }
        return w;
    }
}
