package io.flowpulse.streams.app;

import io.flowpulse.runtime.Config;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alert thresholds as settings ({@code alerts.*}), with the spec's defaults. */
public final class AlertSettings {

    private static final AlertThresholds D = AlertThresholds.DEFAULTS;

    /** Every alert setting with its default, in the order of the rules. */
    public static final Map<String, String> DEFAULTS = defaults();

    private AlertSettings() {
    }

    public static AlertThresholds from(Config config) {
        return new AlertThresholds(
                config.getLong("alerts.link.min-events", D.linkMinEvents()),
                config.getDouble("alerts.link.drop-rate", D.linkDropRate()),
                config.getLong("alerts.dns.nxdomain.min-responses", D.nxdomainMinResponses()),
                config.getDouble("alerts.dns.nxdomain.ratio", D.nxdomainRatio()),
                config.getLong("alerts.dns.servfail.min-count", D.servfailMinCount()),
                config.getDouble("alerts.dns.servfail.ratio", D.servfailRatio()),
                config.getLong("alerts.dns.latency.min-responses", D.dnsLatencyMinResponses()),
                config.getDouble("alerts.dns.latency.p99-ms", D.dnsLatencyP99Ms()),
                config.getInt("alerts.dns.volume.min-history", D.volumeMinHistory()),
                config.getDouble("alerts.dns.volume.ewma-alpha", D.volumeEwmaAlpha()),
                config.getDouble("alerts.dns.volume.min-queries", D.volumeMinQueries()),
                config.getDouble("alerts.dns.volume.baseline-factor", D.volumeBaselineFactor()),
                config.getInt("alerts.dns.suspicious.label-length", D.suspiciousLabelLength()),
                config.getDouble("alerts.dns.suspicious.entropy-bits", D.suspiciousEntropyBits()),
                config.getLong("alerts.dns.suspicious.min-names", D.suspiciousMinNames()),
                config.getLong("alerts.xsubnet.min-samples", D.xsubnetMinSamples()),
                config.getDouble("alerts.xsubnet.p99-ms", D.xsubnetP99Ms()),
                config.getDouble("alerts.xsubnet.jitter-ms", D.xsubnetJitterMs()),
                config.getLong("alerts.lost-events.min", D.lostEventsMin()),
                config.getInt("alerts.resolve-after-windows", D.resolveAfterWindows()),
                config.getDouble("alerts.critical-factor", D.criticalFactor()));
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alerts.link.min-events", Long.toString(D.linkMinEvents()));
        m.put("alerts.link.drop-rate", Double.toString(D.linkDropRate()));
        m.put("alerts.dns.nxdomain.min-responses", Long.toString(D.nxdomainMinResponses()));
        m.put("alerts.dns.nxdomain.ratio", Double.toString(D.nxdomainRatio()));
        m.put("alerts.dns.servfail.min-count", Long.toString(D.servfailMinCount()));
        m.put("alerts.dns.servfail.ratio", Double.toString(D.servfailRatio()));
        m.put("alerts.dns.latency.min-responses", Long.toString(D.dnsLatencyMinResponses()));
        m.put("alerts.dns.latency.p99-ms", Double.toString(D.dnsLatencyP99Ms()));
        m.put("alerts.dns.volume.min-history", Integer.toString(D.volumeMinHistory()));
        m.put("alerts.dns.volume.ewma-alpha", Double.toString(D.volumeEwmaAlpha()));
        m.put("alerts.dns.volume.min-queries", Double.toString(D.volumeMinQueries()));
        m.put("alerts.dns.volume.baseline-factor", Double.toString(D.volumeBaselineFactor()));
        m.put("alerts.dns.suspicious.label-length", Integer.toString(D.suspiciousLabelLength()));
        m.put("alerts.dns.suspicious.entropy-bits", Double.toString(D.suspiciousEntropyBits()));
        m.put("alerts.dns.suspicious.min-names", Long.toString(D.suspiciousMinNames()));
        m.put("alerts.xsubnet.min-samples", Long.toString(D.xsubnetMinSamples()));
        m.put("alerts.xsubnet.p99-ms", Double.toString(D.xsubnetP99Ms()));
        m.put("alerts.xsubnet.jitter-ms", Double.toString(D.xsubnetJitterMs()));
        m.put("alerts.lost-events.min", Long.toString(D.lostEventsMin()));
        m.put("alerts.resolve-after-windows", Integer.toString(D.resolveAfterWindows()));
        m.put("alerts.critical-factor", Double.toString(D.criticalFactor()));
        return java.util.Collections.unmodifiableMap(m);
    }
}
