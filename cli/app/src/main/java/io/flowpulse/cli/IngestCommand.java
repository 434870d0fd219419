package io.flowpulse.cli;

import io.flowpulse.ingest.IngestService;
import io.flowpulse.ingest.IngestSettings;
import io.flowpulse.ingest.RelaySource;
import io.flowpulse.ingest.nodes.NodeSource;
import io.flowpulse.ingest.relay.FlowFilterParser;
import io.flowpulse.ingest.relay.RelaySettings;
import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.Durations;
import io.flowpulse.runtime.service.ServiceRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowpulse ingest}: Hubble Relay or capture files into Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Publish Hubble flows from a Hubble Relay or capture files to Kafka.",
            "Flows go to topic hubble.flows.v1 as Avro, keyed by observing node.",
            "Relay mode runs until stopped, reconnecting with backoff and resuming without duplicates.",
            "Bad input: capture lines that are not valid Hubble JSON go to the dead-letter topic with "
                    + "file, line and reason, are counted, and the run goes on."})
public final class IngestCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--relay", paramLabel = "HOST:PORT",
                description = "Hubble Relay (its Service listens on 80, or 443 with TLS) or a Hubble server (4244).")
        String relay;

        @Option(names = "--file", paramLabel = "PATH", arity = "1..*",
                description = "Capture files (hubble observe -o json, Cilium exporter files, .gz) or directories of rotated files.")
        List<Path> files;
    }

    @Mixin
    ServiceOptions service;

    @Option(names = "--tls", description = "Use TLS to the relay (implied by the other --tls-* options).")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA certificates to trust.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM client certificate for mutual TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) key of the client certificate.")
    Path tlsKey;

    @Option(names = "--tls-server-name", paramLabel = "NAME", description = "Server name to verify instead of the host.")
    String tlsServerName;

    @Option(names = "--whitelist", paramLabel = "FILTER",
            description = "Only flows matching this filter, e.g. \"source_pod=shop/ verdict=DROPPED\" (repeatable, ORed).")
    List<String> whitelist = new ArrayList<>();

    @Option(names = "--blacklist", paramLabel = "FILTER", description = "Drop flows matching this filter at the server (repeatable).")
    List<String> blacklist = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME|DURATION",
            description = "Start from this RFC 3339 time or this long ago (e.g. 5m); default: new flows only.")
    String since;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Publish this topology file (subnets, nodes, pod CIDRs) to the node inventory topic first.")
    Path topology;

    @Option(names = "--watch-nodes",
            description = {"Keep the node inventory up to date from the Kubernetes API (in a pod; RBAC get/list/watch nodes).",
                "Subnet from the node label nodes.subnet.label, else the rules nodes.subnet.cidrs (name=cidr,...)."})
    boolean watchNodes;

    @Override
    public Integer call() throws Exception {
        Config config = service.load(IngestSettings.DEFAULTS, Map.of());
        IngestSettings settings = IngestSettings.from(config);
        NodeSource nodes = NodeInventorySource.of(topology, watchNodes,
                config.get("nodes.subnet.label", null), config.get("nodes.subnet.cidrs", null));
        if (source.relay != null) {
            return followRelay(settings, nodes, config);
        }
        return CaptureIngestRun.run(settings, source.files, nodes);
    }

    private int followRelay(IngestSettings settings, NodeSource nodes, Config config) {
        RelaySettings relay = new RelaySettings(source.relay, tls, tlsCa, tlsCert, tlsKey, tlsServerName,
                parseFilters(whitelist), parseFilters(blacklist), sinceInstant(),
                RelaySettings.DEFAULT_INITIAL_BACKOFF, RelaySettings.DEFAULT_MAX_BACKOFF).withStreamSettings(config);
        IngestService ingest = IngestService.create(settings, RelaySource.of(relay), nodes);
        return new ServiceRunner("flowpulse ingest")
                .add(ingest, settings.httpHost(), settings.httpPort(), url -> System.err.printf(
                        "flowpulse ingest: following %s -> %s (metrics on %s/metrics)%n",
                        source.relay, settings.flowsTopic(), url))
                .whenDone(code -> System.err.printf("flowpulse ingest: stopped after %d flows, %d lost-events records%n",
                        ingest.pipeline().counters().flows(), ingest.pipeline().counters().lostEventRecords()))
                .run();
    }

    private static List<io.flowpulse.hubble.flow.FlowProtos.FlowFilter> parseFilters(List<String> texts) {
        List<io.flowpulse.hubble.flow.FlowProtos.FlowFilter> out = new ArrayList<>();
        for (String t : texts) {
            out.addAll(FlowFilterParser.parse(t));
        }
        return out;
    }

    private Instant sinceInstant() {
        if (since == null) {
            return null;
        }
        if (since.contains("T")) {
            return Instant.parse(since);
        }
        return Instant.now().minus(Durations.parse(since));
    }
}
