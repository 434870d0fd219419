package io.flowpulse.streams.logic.alert;

import io.flowpulse.streams.logic.dns.SuspiciousNames;

/**
 * Every threshold of the alert rules (analytics spec section 6); {@link #DEFAULTS} are the
 * spec's defaults. Comparisons are "at least" (>=) throughout.
 *
 * @param linkMinEvents            LINK_DROP_RATE: forwarded + dropped at least [20]
 * @param linkDropRate             LINK_DROP_RATE: drop_rate at least [0.05]
 * @param nxdomainMinResponses     DNS_NXDOMAIN_RATIO: responses at least [20]
 * @param nxdomainRatio            DNS_NXDOMAIN_RATIO: NXDOMAIN / responses at least [0.5]
 * @param servfailMinCount         DNS_SERVFAIL: SERVFAIL + REFUSED at least [5]
 * @param servfailRatio            DNS_SERVFAIL: (SERVFAIL + REFUSED) / responses at least [0.1]
 * @param dnsLatencyMinResponses   DNS_LATENCY: responses at least [20]
 * @param dnsLatencyP99Ms          DNS_LATENCY: p99 at least [500] ms
 * @param volumeMinHistory         DNS_VOLUME_SPIKE: earlier windows with DNS records at least [3]
 * @param volumeEwmaAlpha          DNS_VOLUME_SPIKE: EWMA weight of the newest window [0.3]
 * @param volumeMinQueries         DNS_VOLUME_SPIKE: the threshold is at least [50] queries
 * @param volumeBaselineFactor     DNS_VOLUME_SPIKE: ... and at least [4] x the baseline
 * @param suspiciousLabelLength    DNS_SUSPICIOUS_NAME: leftmost label at least [20] characters
 * @param suspiciousEntropyBits    DNS_SUSPICIOUS_NAME: ... with at least [3.8] bits per character
 * @param suspiciousMinNames       DNS_SUSPICIOUS_NAME: distinct such names at least [1]
 * @param xsubnetMinSamples        XSUBNET_*: tcp_handshake samples at least [10]
 * @param xsubnetP99Ms             XSUBNET_LATENCY: p99 at least [200] ms
 * @param xsubnetJitterMs          XSUBNET_JITTER: jitter at least [30] ms
 * @param lostEventsMin            LOST_EVENTS: events lost in the window at least [1]
 * @param resolveAfterWindows      consecutive closed windows without the condition that end an alert [2]
 * @param criticalFactor           CRITICAL when value >= factor x threshold [2]
 */
public record AlertThresholds(
        long linkMinEvents, double linkDropRate,
        long nxdomainMinResponses, double nxdomainRatio,
        long servfailMinCount, double servfailRatio,
        long dnsLatencyMinResponses, double dnsLatencyP99Ms,
        int volumeMinHistory, double volumeEwmaAlpha, double volumeMinQueries, double volumeBaselineFactor,
        int suspiciousLabelLength, double suspiciousEntropyBits, long suspiciousMinNames,
        long xsubnetMinSamples, double xsubnetP99Ms, double xsubnetJitterMs,
        long lostEventsMin,
        int resolveAfterWindows, double criticalFactor) {

    public static final AlertThresholds DEFAULTS = new AlertThresholds(
            20, 0.05,
            20, 0.5,
            5, 0.1,
            20, 500,
            3, 0.3, 50, 4,
            20, 3.8, 1,
            10, 200, 30,
            1,
            2, 2);

    public AlertThresholds {
        if (resolveAfterWindows < 1) {
            throw new IllegalArgumentException("resolveAfterWindows must be at least 1: " + resolveAfterWindows);
        }
        if (!(volumeEwmaAlpha > 0 && volumeEwmaAlpha <= 1)) {
            throw new IllegalArgumentException("volumeEwmaAlpha must be in (0, 1]: " + volumeEwmaAlpha);
        }
        if (volumeMinHistory < 1) {
            throw new IllegalArgumentException("volumeMinHistory must be at least 1: " + volumeMinHistory);
        }
    }

    /** The suspicious-name rule the DNS aggregation must use to fill DnsWindow.suspicious_names. */
    public SuspiciousNames suspiciousNames() {
        return new SuspiciousNames(suspiciousLabelLength, suspiciousEntropyBits);
    }
}
