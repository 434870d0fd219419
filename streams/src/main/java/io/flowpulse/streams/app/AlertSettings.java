package io.flowpulse.streams.app;

import io.flowpulse.runtime.Config;
import io.flowpulse.streams.logic.alert.AlertThresholds;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert thresholds as settings ({@code alerts.*}). Their defaults are those of
 * {@link AlertThresholds#DEFAULTS} (the analytics specification), listed in {@link #DEFAULTS}.
 */
public final class AlertSettings {

    private static final AlertThresholds D = AlertThresholds.DEFAULTS;

    /** Every alert setting with its default, in the order of the rules. */
    public static final Map<String, String> DEFAULTS = defaults();

    private AlertSettings() {
    }

    /** Reads every threshold; the defaults come from the configuration's defaults layer ({@link #DEFAULTS}). */
    public static AlertThresholds from(Config config) {
        return new AlertThresholds(
                config.getLong("alerts.link.min-events"),
                config.getDouble("alerts.link.drop-rate"),
                config.getLong("alerts.dns.nxdomain.min-responses"),
                config.getDouble("alerts.dns.nxdomain.ratio"),
                config.getLong("alerts.dns.servfail.min-count"),
                config.getDouble("alerts.dns.servfail.ratio"),
                config.getLong("alerts.dns.latency.min-responses"),
                config.getDouble("alerts.dns.latency.p99-ms"),
                config.getInt("alerts.dns.volume.min-history"),
                config.getDouble("alerts.dns.volume.ewma-alpha"),
                config.getDouble("alerts.dns.volume.min-queries"),
                config.getDouble("alerts.dns.volume.baseline-factor"),
                config.getInt("alerts.dns.suspicious.label-length"),
                config.getDouble("alerts.dns.suspicious.entropy-bits"),
                config.getLong("alerts.dns.suspicious.min-names"),
                config.getLong("alerts.xsubnet.min-samples"),
                config.getDouble("alerts.xsubnet.p99-ms"),
                config.getDouble("alerts.xsubnet.jitter-ms"),
                config.getLong("alerts.lost-events.min"),
                config.getInt("alerts.resolve-after-windows"),
                config.getDouble("alerts.critical-factor"));
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
