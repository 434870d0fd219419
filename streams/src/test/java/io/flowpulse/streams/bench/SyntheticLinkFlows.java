package io.flowpulse.streams.bench;

import io.flowpulse.schemas.avro.Endpoint;
import io.flowpulse.schemas.avro.Flow;
import io.flowpulse.schemas.avro.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Synthetic TCP flows between {@code workloads} source and {@code workloads} destination
 * Deployments, so that every window holds {@code workloads^2} distinct workload links. Flow i of
 * a window is link i mod links, spread evenly over the window, observed on one of
 * {@code nodes} nodes; flows are in time order.
 */
final class SyntheticLinkFlows {

    private final int workloads;
    private final int nodes;
    private final int flowsPerWindow;
    private final Duration window;
    private final Instant start;

    SyntheticLinkFlows(int workloads, int nodes, int flowsPerWindow, Duration window, Instant start) {
        this.workloads = workloads;
        this.nodes = nodes;
        this.flowsPerWindow = flowsPerWindow;
        this.window = window;
        this.start = start;
    }

    int linksPerWindow() {
        return workloads * workloads;
    }

    String node(long i) {
        return "node-" + (i % nodes);
    }

    Flow flow(long i) {
        long windowIndex = i / flowsPerWindow;
        long inWindow = i % flowsPerWindow;
        int link = (int) (i % linksPerWindow());
        int src = link / workloads;
        int dst = link % workloads;
        Instant time = start.plus(window.multipliedBy(windowIndex))
                .plusNanos(window.toNanos() / flowsPerWindow * inWindow);
        String node = node(i);
        return Flow.newBuilder()
                .setTime(time)
                .setNodeName(node)
                .setNode(node)
                .setVerdict("FORWARDED")
                .setFlowType("L3_L4")
                .setTrafficDirection("EGRESS")
                .setIsReply(false)
                .setIpVersion("IPv4")
                .setProtocol("TCP")
                .setSourceIp("10.1." + src / 250 + "." + (src % 250 + 1))
                .setSourcePort(30_000 + (int) (i % 20_000))
                .setDestinationIp("10.2." + dst / 250 + "." + (dst % 250 + 1))
                .setDestinationPort(8080)
                .setTcpFlags(List.of("ACK"))
                .setSource(deployment(1 + src, "client-ns-" + src % 10, "client-" + src))
                .setDestination(deployment(0, "server-ns-" + dst % 10, "server-" + dst))
                .build();
    }

    private static Endpoint deployment(int id, String namespace, String workload) {
        return Endpoint.newBuilder()
                .setId(id)
                .setIdentity(10_000 + Math.abs(workload.hashCode() % 50_000))
                .setNamespace(namespace)
                .setPodName(workload + "-7d9f8b6c5d-x2k4q")
                .setLabels(List.of("k8s:app=" + workload, "k8s:io.kubernetes.pod.namespace=" + namespace))
                .setWorkloads(List.of(new Workload(workload, "Deployment")))
                .build();
    }
}
