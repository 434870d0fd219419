package io.flowpulse.simulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The simulated cluster as data, read from YAML: where nodes sit, what runs on them, who talks
 * to whom, how paths between subnets behave and which faults are injected.
 */
public record ClusterModel(
        @JsonProperty("cluster") String cluster,
        @JsonProperty("subnets") List<Subnet> subnets,
        @JsonProperty("namespaces") List<Namespace> namespaces,
        @JsonProperty("services") List<Service> services,
        @JsonProperty("dns") Dns dns,
        @JsonProperty("paths") Paths paths,
        @JsonProperty("traffic") List<Traffic> traffic,
        @JsonProperty("faults") List<Map<String, Object>> faults) {

    public ClusterModel {
        cluster = cluster == null ? "default" : cluster;
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        services = services == null ? List.of() : List.copyOf(services);
        dns = dns == null ? new Dns(null, null, null, null) : dns;
        paths = paths == null ? new Paths(null, null, null, null, null) : paths;
        traffic = traffic == null ? List.of() : List.copyOf(traffic);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public record Subnet(@JsonProperty("name") String name, @JsonProperty("nodes") List<Node> nodes) {
        public Subnet {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    public record Node(
            @JsonProperty("name") String name,
            @JsonProperty("address") String address,
            @JsonProperty("podCIDR") String podCIDR) {
    }

    public record Namespace(@JsonProperty("name") String name, @JsonProperty("workloads") List<Workload> workloads) {
        public Namespace {
            workloads = workloads == null ? List.of() : List.copyOf(workloads);
        }
    }

    /**
     * A workload and where its pods run: on the listed nodes, else on the nodes of the listed
     * subnets, else anywhere; replicas go round-robin over those nodes. A DaemonSet has one pod on
     * every candidate node and ignores replicas.
     */
    public record Workload(
            @JsonProperty("name") String name,
            @JsonProperty("kind") String kind,
            @JsonProperty("replicas") Integer replicas,
            @JsonProperty("labels") Map<String, String> labels,
            @JsonProperty("nodes") List<String> nodes,
            @JsonProperty("subnets") List<String> subnets) {
        public Workload {
            kind = kind == null ? "Deployment" : kind;
            replicas = replicas == null ? 1 : replicas;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
            subnets = subnets == null ? List.of() : List.copyOf(subnets);
        }
    }

    public record Service(
            @JsonProperty("name") String name,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("workload") String workload,
            @JsonProperty("clusterIP") String clusterIP,
            @JsonProperty("ports") List<Integer> ports) {
        public Service {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** The cluster DNS: the workload answering queries, its service, and the cluster domain. */
    public record Dns(
            @JsonProperty("server") String server,
            @JsonProperty("service") String service,
            @JsonProperty("domain") String domain,
            @JsonProperty("proxyPort") Integer proxyPort) {
        public Dns {
            server = server == null ? "kube-system/coredns" : server;
            service = service == null ? "kube-system/kube-dns" : service;
            domain = domain == null ? "cluster.local" : domain;
            proxyPort = proxyPort == null ? 37519 : proxyPort;
        }
    }

    /**
     * Round-trip times: between pods on one node, within a subnet, between named subnets, to the
     * outside world, and a default for subnet pairs not listed.
     */
    public record Paths(
            @JsonProperty("sameNode") Path sameNode,
            @JsonProperty("sameSubnet") Path sameSubnet,
            @JsonProperty("world") Path world,
            @JsonProperty("default") Path fallback,
            @JsonProperty("links") List<SubnetLink> links) {
        public Paths {
            sameNode = sameNode == null ? new Path(0.05, 0.01, null) : sameNode;
            sameSubnet = sameSubnet == null ? new Path(0.3, 0.05, null) : sameSubnet;
            world = world == null ? new Path(25.0, 2.0, null) : world;
            fallback = fallback == null ? new Path(2.0, 0.3, null) : fallback;
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    /**
     * Latency of a path: a base round-trip time plus a random extra delay drawn from the
     * distribution, scaled so that the mean absolute difference between consecutive round trips
     * (the jitter the analytics report) is {@code jitterMs}.
     */
    public record Path(
            @JsonProperty("baseRttMs") Double baseRttMs,
            @JsonProperty("jitterMs") Double jitterMs,
            @JsonProperty("distribution") String distribution) {
        public Path {
            baseRttMs = baseRttMs == null ? 1.0 : baseRttMs;
            jitterMs = jitterMs == null ? 0.0 : jitterMs;
            distribution = distribution == null ? "exponential" : distribution;
        }
    }

    public record SubnetLink(
            @JsonProperty("between") List<String> between,
            @JsonProperty("baseRttMs") Double baseRttMs,
            @JsonProperty("jitterMs") Double jitterMs,
            @JsonProperty("distribution") String distribution) {
        public Path path() {
            return new Path(baseRttMs, jitterMs, distribution);
        }
    }

    /**
     * Who talks to whom. Protocols: TCP, HTTP, UDP, ICMP, DNS (server defaults to the cluster
     * DNS) and WORLD (TCP to {@code address}, named {@code host}, outside the cluster).
     * {@code rate} counts conversations (connections, queries, requests) per second.
     */
    public record Traffic(
            @JsonProperty("client") String client,
            @JsonProperty("server") String server,
            @JsonProperty("protocol") String protocol,
            @JsonProperty("port") Integer port,
            @JsonProperty("rate") Double rate,
            @JsonProperty("host") String host,
            @JsonProperty("address") String address,
            @JsonProperty("path") String path) {
    }
}
