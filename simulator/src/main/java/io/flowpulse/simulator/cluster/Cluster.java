package io.flowpulse.simulator.cluster;

import io.flowpulse.hubble.flow.FlowProtos;
import io.flowpulse.simulator.model.ClusterModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The cluster of a model, resolved: nodes with addresses, workloads with pods, pod IPs inside
 * their node's pod CIDR, endpoint IDs, security identities and labels, Services. Pod name
 * suffixes and endpoint IDs are drawn from the seed, so a seed always yields the same cluster.
 */
public final class Cluster {

    /** Kubernetes' alphabet for generated name suffixes (no vowels, no look-alike digits). */
    private static final char[] SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final int FIRST_POD_OFFSET = 10;

    private final String name;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<String, SimNode> nodesByName = new LinkedHashMap<>();
    private final Map<String, List<SimNode>> nodesBySubnet = new LinkedHashMap<>();
    private final Map<String, SimWorkload> workloads = new LinkedHashMap<>();
    private final SimWorkload dnsServer;
    private final String dnsDomain;
    private final int dnsProxyPort;

    private Cluster(ClusterModel model, long seed) {
        this.name = model.cluster();
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        buildNodes(model);
        buildWorkloads(model, random);
        buildServices(model);
        this.dnsDomain = model.dns().domain();
        this.dnsProxyPort = model.dns().proxyPort();
        this.dnsServer = workloads.get(model.dns().server());
        boolean usesDns = model.traffic().stream().anyMatch(t -> "DNS".equalsIgnoreCase(t.protocol()) && t.server() == null);
        if (dnsServer == null && usesDns) {
            throw new IllegalArgumentException("dns.server '" + model.dns().server() + "' is not a workload of the model");
        }
    }

    public static Cluster build(ClusterModel model, long seed) {
        return new Cluster(model, seed);
    }

    private void buildNodes(ClusterModel model) {
        if (model.subnets().isEmpty()) {
            throw new IllegalArgumentException("the model has no subnets");
        }
        Set<String> subnetNames = new HashSet<>();
        for (ClusterModel.Subnet subnet : model.subnets()) {
            require(subnet.name() != null && !subnet.name().isBlank(), "a subnet has no name");
            require(subnetNames.add(subnet.name()), "subnet '" + subnet.name() + "' is defined twice");
            require(!subnet.nodes().isEmpty(), "subnet '" + subnet.name() + "' has no nodes");
            List<SimNode> members = new ArrayList<>();
            for (ClusterModel.Node node : subnet.nodes()) {
                require(node.name() != null && !node.name().isBlank(), "a node of subnet '" + subnet.name() + "' has no name");
                require(!nodesByName.containsKey(node.name()), "node '" + node.name() + "' is defined twice");
                require(node.address() != null, "node '" + node.name() + "' has no address");
                require(node.podCIDR() != null, "node '" + node.name() + "' has no podCIDR");
                Ipv4.Cidr cidr;
                try {
                    Ipv4.parse(node.address());
                    cidr = Ipv4.Cidr.parse(node.podCIDR());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("node '" + node.name() + "': " + e.getMessage(), e);
                }
                require(cidr.size() >= 32, "node '" + node.name() + "': pod CIDR " + cidr + " is too small");
                SimNode simNode = new SimNode(nodes.size(), node.name(), subnet.name(), node.address().trim(), cidr);
                nodes.add(simNode);
                nodesByName.put(simNode.name(), simNode);
                members.add(simNode);
            }
            nodesBySubnet.put(subnet.name(), Collections.unmodifiableList(members));
        }
    }

    private void buildWorkloads(ClusterModel model, SplittableRandom random) {
        int[] nextPodOffset = new int[nodes.size()];
        List<Set<Integer>> usedEndpointIds = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            nextPodOffset[i] = FIRST_POD_OFFSET;
            usedEndpointIds.add(new HashSet<>());
        }
        Set<Integer> usedIdentities = new HashSet<>();
        for (ClusterModel.Namespace ns : model.namespaces()) {
            require(ns.name() != null && !ns.name().isBlank(), "a namespace has no name");
            for (ClusterModel.Workload w : ns.workloads()) {
                String qualified = ns.name() + "/" + w.name();
                require(w.name() != null && !w.name().isBlank(), "a workload of namespace '" + ns.name() + "' has no name");
                require(!workloads.containsKey(qualified), "workload '" + qualified + "' is defined twice");
                require(w.replicas() >= 1, "workload '" + qualified + "' needs at least one replica");
                String kind = w.kind();
                require(kind.equals("Deployment") || kind.equals("StatefulSet") || kind.equals("DaemonSet"),
                        "workload '" + qualified + "': kind must be Deployment, StatefulSet or DaemonSet, not '" + kind + "'");
                SimWorkload workload = new SimWorkload(ns.name(), w.name(), kind,
                        identityFor(qualified, usedIdentities), labelsFor(ns.name(), w));
                List<SimNode> candidates = candidateNodes(qualified, w);
                int count = kind.equals("DaemonSet") ? candidates.size() : w.replicas();
                String replicaSetHash = suffix(random, 10);
                for (int i = 0; i < count; i++) {
                    SimNode node = candidates.get(i % candidates.size());
                    String podName = switch (kind) {
                        case "StatefulSet" -> w.name() + "-" + i;
                        case "DaemonSet" -> w.name() + "-" + suffix(random, 5);
                        default -> w.name() + "-" + replicaSetHash + "-" + suffix(random, 5);
                    };
                    long offset = nextPodOffset[node.index()]++;
                    require(offset < node.podCidr().size() - 1, "node '" + node.name() + "': pod CIDR is full");
                    String ip = Ipv4.format(node.podCidr().address(offset));
                    int endpointId;
                    do {
                        endpointId = 1 + random.nextInt(4095);
                    } while (!usedEndpointIds.get(node.index()).add(endpointId));
                    workload.addPod(new SimPod(workload, podName, ip, node, endpointId));
                }
                workloads.put(qualified, workload);
            }
        }
    }

    private List<SimNode> candidateNodes(String workload, ClusterModel.Workload w) {
        List<SimNode> result = new ArrayList<>();
        if (!w.nodes().isEmpty()) {
            for (String n : w.nodes()) {
                SimNode node = nodesByName.get(n);
                require(node != null, "workload '" + workload + "' is placed on unknown node '" + n + "'");
                result.add(node);
            }
        } else if (!w.subnets().isEmpty()) {
            for (String s : w.subnets()) {
                List<SimNode> members = nodesBySubnet.get(s);
                require(members != null, "workload '" + workload + "' is placed in unknown subnet '" + s + "'");
                result.addAll(members);
            }
        } else {
            result.addAll(nodes);
        }
        return result;
    }

    private void buildServices(ClusterModel model) {
        for (ClusterModel.Service s : model.services()) {
            require(s.name() != null && s.namespace() != null, "a service needs a name and a namespace");
            String qualified = s.namespace() + "/" + s.name();
            String target = s.namespace() + "/" + (s.workload() == null ? s.name() : s.workload());
            SimWorkload workload = workloads.get(target);
            require(workload != null, "service '" + qualified + "' selects unknown workload '" + target + "'");
            require(s.clusterIP() != null, "service '" + qualified + "' has no clusterIP");
            try {
                Ipv4.parse(s.clusterIP());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("service '" + qualified + "': " + e.getMessage(), e);
            }
            workload.exposeAs(FlowProtos.Service.newBuilder().setName(s.name()).setNamespace(s.namespace()).build(),
                    s.name() + "." + s.namespace() + ".svc." + model.dns().domain() + ".", s.clusterIP(), s.ports());
        }
    }

    /** Cilium sorts an endpoint's labels; these are the ones it derives for a pod. */
    private List<String> labelsFor(String namespace, ClusterModel.Workload w) {
        Map<String, String> labels = new TreeMap<>(w.labels());
        if (!labels.containsKey("app") && !labels.containsKey("k8s-app") && !labels.containsKey("app.kubernetes.io/name")) {
            labels.put("app", w.name());
        }
        List<String> result = new ArrayList<>();
        labels.forEach((k, v) -> result.add("k8s:" + k + "=" + v));
        result.add("k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=" + namespace);
        result.add("k8s:io.cilium.k8s.policy.cluster=" + name);
        result.add("k8s:io.cilium.k8s.policy.serviceaccount=" + w.name());
        result.add("k8s:io.kubernetes.pod.namespace=" + namespace);
        Collections.sort(result);
        return result;
    }

    /** Identities are derived from the name, so they do not change when the model grows. */
    private static int identityFor(String qualified, Set<Integer> used) {
        int identity = 10_000 + Math.floorMod(qualified.hashCode(), 50_000);
        while (!used.add(identity)) {
            identity++;
        }
        return identity;
    }

    private static String suffix(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = SUFFIX_ALPHABET[random.nextInt(SUFFIX_ALPHABET.length)];
        }
        return new String(chars);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public String name() {
        return name;
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public SimNode node(String nodeName) {
        return nodesByName.get(nodeName);
    }

    /** Subnet names in model order, each with its nodes. */
    public Map<String, List<SimNode>> subnets() {
        return Collections.unmodifiableMap(nodesBySubnet);
    }

    public Map<String, SimWorkload> workloads() {
        return Collections.unmodifiableMap(workloads);
    }

    /** A workload by {@code namespace/name}, or an error naming the unknown one. */
    public SimWorkload workload(String qualified) {
        SimWorkload workload = workloads.get(qualified);
        if (workload == null) {
            throw new IllegalArgumentException("unknown workload '" + qualified + "' (expected namespace/name)");
        }
        return workload;
    }

    public SimWorkload dnsServer() {
        return dnsServer;
    }

    public String dnsDomain() {
        return dnsDomain;
    }

    public int dnsProxyPort() {
        return dnsProxyPort;
    }

    public List<SimPod> pods() {
        List<SimPod> all = new ArrayList<>();
        workloads.values().forEach(w -> all.addAll(w.pods()));
        return all;
    }
}
