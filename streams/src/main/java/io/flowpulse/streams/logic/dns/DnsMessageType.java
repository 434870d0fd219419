package io.flowpulse.streams.logic.dns;

/** The two L7 types the DNS analytics use. */
public enum DnsMessageType {
    REQUEST,
    RESPONSE
}
