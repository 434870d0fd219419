package io.flowpulse.streams.logic.alert;

import io.flowpulse.schemas.avro.DnsWindow;
import io.flowpulse.schemas.avro.LatencyWindow;
import io.flowpulse.schemas.avro.LinkWindow;
import io.flowpulse.streams.logic.dns.RcodeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The stateless alert conditions (analytics spec section 6): what each window record says about
 * each rule. DNS_VOLUME_SPIKE needs history and lives in {@link DnsVolumeHistory}.
 */
public final class AlertRules {

    private final AlertThresholds t;

    public AlertRules(AlertThresholds thresholds) {
        this.t = Objects.requireNonNull(thresholds, "thresholds");
    }

    public AlertThresholds thresholds() {
        return t;
    }

    public Observation linkDropRate(LinkWindow link) {
        long counted = link.getForwarded() + link.getDropped();
        double rate = link.getDropRate();
        String subject = link.getLevel() + ":" + link.getSrc() + "->" + link.getDst();
        boolean holds = counted >= t.linkMinEvents() && rate >= t.linkDropRate();
        return new Observation(AlertKind.LINK_DROP_RATE, subject, rate, t.linkDropRate(), holds,
                format("%s of %d events dropped on %s link %s -> %s (threshold %s)", percent(rate), counted,
                        link.getLevel(), link.getSrc(), link.getDst(), percent(t.linkDropRate())));
    }

    /** NXDOMAIN ratio, SERVFAIL/REFUSED, latency and suspicious names of one client's window. */
    public List<Observation> dns(DnsWindow dns) {
        String subject = dnsSubject(dns.getClient());
        String client = dns.getClient();
        long responses = dns.getResponses();
        Map<String, Long> rcodes = dns.getRcodes();
        List<Observation> observations = new ArrayList<>(4);

        long nxdomain = rcodes.getOrDefault(RcodeNames.nameOf(RcodeNames.NXDOMAIN), 0L);
        double nxRatio = responses == 0 ? 0 : (double) nxdomain / responses;
        observations.add(new Observation(AlertKind.DNS_NXDOMAIN_RATIO, subject, nxRatio, t.nxdomainRatio(),
                responses >= t.nxdomainMinResponses() && nxRatio >= t.nxdomainRatio(),
                format("%s: %d of %d DNS responses were NXDOMAIN (%s, threshold %s)", client, nxdomain, responses,
                        percent(nxRatio), percent(t.nxdomainRatio()))));

        long failures = rcodes.getOrDefault(RcodeNames.nameOf(RcodeNames.SERVFAIL), 0L)
                + rcodes.getOrDefault(RcodeNames.nameOf(RcodeNames.REFUSED), 0L);
        double failRatio = responses == 0 ? 0 : (double) failures / responses;
        observations.add(new Observation(AlertKind.DNS_SERVFAIL, subject, failRatio, t.servfailRatio(),
                failures >= t.servfailMinCount() && failRatio >= t.servfailRatio(),
                format("%s: %d of %d DNS responses were SERVFAIL or REFUSED (%s, threshold %s)", client, failures,
                        responses, percent(failRatio), percent(t.servfailRatio()))));

        double p99 = dns.getLatencyMs() == null ? 0 : dns.getLatencyMs().getP99();
        observations.add(new Observation(AlertKind.DNS_LATENCY, subject, p99, t.dnsLatencyP99Ms(),
                dns.getLatencyMs() != null && responses >= t.dnsLatencyMinResponses() && p99 >= t.dnsLatencyP99Ms(),
                format("%s: DNS p99 latency %s ms over %d responses (threshold %s ms)", client, number(p99), responses,
                        number(t.dnsLatencyP99Ms()))));

        List<String> suspicious = dns.getSuspiciousNames();
        observations.add(new Observation(AlertKind.DNS_SUSPICIOUS_NAME, subject, suspicious.size(),
                t.suspiciousMinNames(), suspicious.size() >= t.suspiciousMinNames(),
                format("%s requested %d DGA-like name%s%s", client, suspicious.size(), suspicious.size() == 1 ? "" : "s",
                        suspicious.isEmpty() ? "" : ", e.g. " + String.join(", ", suspicious.subList(0, Math.min(3, suspicious.size()))))));
        return observations;
    }

    /** XSUBNET_LATENCY and XSUBNET_JITTER; none for node-level, non-handshake or same-subnet records. */
    public List<Observation> latency(LatencyWindow latency) {
        if (!"subnet".equals(latency.getLevel()) || !"tcp_handshake".equals(latency.getKind())
                || latency.getSrc().equals(latency.getDst())) {
            return List.of();
        }
        String subject = "subnet:" + latency.getSrc() + "->" + latency.getDst();
        boolean enough = latency.getSamples() >= t.xsubnetMinSamples();
        return List.of(
                new Observation(AlertKind.XSUBNET_LATENCY, subject, latency.getP99Ms(), t.xsubnetP99Ms(),
                        enough && latency.getP99Ms() >= t.xsubnetP99Ms(),
                        format("TCP handshake p99 %s ms from subnet %s to %s over %d samples (threshold %s ms)",
                                number(latency.getP99Ms()), latency.getSrc(), latency.getDst(), latency.getSamples(),
                                number(t.xsubnetP99Ms()))),
                new Observation(AlertKind.XSUBNET_JITTER, subject, latency.getJitterMs(), t.xsubnetJitterMs(),
                        enough && latency.getJitterMs() >= t.xsubnetJitterMs(),
                        format("TCP handshake jitter %s ms from subnet %s to %s over %d samples (threshold %s ms)",
                                number(latency.getJitterMs()), latency.getSrc(), latency.getDst(), latency.getSamples(),
                                number(t.xsubnetJitterMs()))));
    }

    public Observation lostEvents(NodeLostEvents lost) {
        return new Observation(AlertKind.LOST_EVENTS, "node:" + lost.node(), lost.eventsLost(), t.lostEventsMin(),
                lost.records() > 0 && lost.eventsLost() >= t.lostEventsMin(),
                format("Hubble on node %s lost %d events (%d lost-events report%s)", lost.node(), lost.eventsLost(),
                        lost.records(), lost.records() == 1 ? "" : "s"));
    }

    public static String dnsSubject(String client) {
        return "dns:" + client;
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** A ratio as a percentage with up to two decimals, e.g. 12.5%. */
    static String percent(double ratio) {
        return number(ratio * 100) + "%";
    }

    /** Up to three decimals, without trailing zeros. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
