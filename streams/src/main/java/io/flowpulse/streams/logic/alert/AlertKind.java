package io.flowpulse.streams.logic.alert;

/** The alert rules of analytics spec section 6. */
public enum AlertKind {
    LINK_DROP_RATE,
    DNS_NXDOMAIN_RATIO,
    DNS_SERVFAIL,
    DNS_LATENCY,
    DNS_VOLUME_SPIKE,
    DNS_SUSPICIOUS_NAME,
    XSUBNET_LATENCY,
    XSUBNET_JITTER,
    LOST_EVENTS
}
