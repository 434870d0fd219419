package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.flow.FlowProtos.FlowFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How to reach a Hubble Relay (or a single Hubble server) and what to ask it for.
 *
 * @param target        host:port; the relay's Service listens on 80 (plaintext) or 443 (TLS)
 * @param tls           use TLS; implied by any of the certificate files
 * @param caFile        PEM CA bundle to trust (null = the JVM's trust store); this and the two below are
 *                      read again when they change, for new connections
 * @param clientCert    PEM client certificate for mutual TLS (with clientKey)
 * @param clientKey     PEM private key of the client certificate: PKCS#8, PKCS#1 (RSA) or SEC1 (EC)
 * @param serverName    TLS server name to verify instead of the host (e.g. *.hubble-relay.cilium.io)
 * @param whitelist     include flows matching any of these filters
 * @param blacklist     exclude flows matching any of these filters
 * @param since         first request starts here; null = only new flows from now
 * @param initialBackoff first reconnect delay; doubles up to maxBackoff
 * @param maxBackoff    longest reconnect delay
 * @param flowControlWindowBytes how much of the stream may wait unread in this process (gRPC's HTTP/2
 *                      window): once ingest stops reading (Kafka is gone and the producer's buffer is
 *                      full), the relay holds the rest, and loses what its own queue cannot hold as lost events
 * @param keepAliveTime how long the stream may be silent before ingest pings the relay to check the
 *                      connection is alive (zero: never). Hubble Relay is a gRPC server with grpc-go's
 *                      default policy, which answers pings closer than 5 minutes on a silent stream with
 *                      GOAWAY {@code too_many_pings} after the third, so the default is those 5 minutes
 */
public record RelaySettings(
        String target,
        boolean tls,
        Path caFile,
        Path clientCert,
        Path clientKey,
        String serverName,
        List<FlowFilter> whitelist,
        List<FlowFilter> blacklist,
        Instant since,
        Duration initialBackoff,
        Duration maxBackoff,
        int flowControlWindowBytes,
        Duration keepAliveTime) {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Setting for {@link #flowControlWindowBytes}. */
    public static final String FLOW_CONTROL_WINDOW = "relay.flow-control-window-bytes";
    public static final int DEFAULT_FLOW_CONTROL_WINDOW_BYTES = 8 * 1024 * 1024;
    /** HTTP/2's initial window; a smaller one would stall the stream on every message. */
    static final int MIN_FLOW_CONTROL_WINDOW_BYTES = 65_535;
    /** Setting for {@link #keepAliveTime}. */
    public static final String KEEPALIVE = "relay.keepalive";
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofMinutes(5);
    /** gRPC's floor for keepalive pings: it would quietly raise a shorter time, so a shorter one is refused. */
    static final Duration MIN_KEEPALIVE = Duration.ofSeconds(10);
    public static final java.util.Map<String, String> DEFAULTS = java.util.Map.of(
            FLOW_CONTROL_WINDOW, Integer.toString(DEFAULT_FLOW_CONTROL_WINDOW_BYTES),
            KEEPALIVE, DEFAULT_KEEPALIVE.toMinutes() + "m");

    /** With the default flow-control window and keepalive. */
    public RelaySettings(String target, boolean tls, Path caFile, Path clientCert, Path clientKey, String serverName,
                         List<FlowFilter> whitelist, List<FlowFilter> blacklist, Instant since,
                         Duration initialBackoff, Duration maxBackoff) {
        this(target, tls, caFile, clientCert, clientKey, serverName, whitelist, blacklist, since, initialBackoff,
                maxBackoff, DEFAULT_FLOW_CONTROL_WINDOW_BYTES, DEFAULT_KEEPALIVE);
    }

    public RelaySettings {
        if (target == null || !target.contains(":")) {
            throw new IllegalArgumentException("relay address must be host:port, got '" + target + "'");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("mutual TLS needs both a client certificate and its key");
        }
        if (flowControlWindowBytes < MIN_FLOW_CONTROL_WINDOW_BYTES) {
            throw new IllegalArgumentException(FLOW_CONTROL_WINDOW + " must be at least " + MIN_FLOW_CONTROL_WINDOW_BYTES
                    + ", got " + flowControlWindowBytes);
        }
        if (keepAliveTime.isNegative() || (!keepAliveTime.isZero() && keepAliveTime.compareTo(MIN_KEEPALIVE) < 0)) {
            throw new IllegalArgumentException(KEEPALIVE + " must be 0 (no pings) or at least " + MIN_KEEPALIVE.toSeconds()
                    + "s, got " + keepAliveTime.toSeconds() + "s");
        }
        whitelist = List.copyOf(whitelist);
        blacklist = List.copyOf(blacklist);
    }

    public static RelaySettings plaintext(String target) {
        return new RelaySettings(target, false, null, null, null, null, List.of(), List.of(), null,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** The same with the stream's tuning ({@link #FLOW_CONTROL_WINDOW}, {@link #KEEPALIVE}) from a service's configuration. */
    public RelaySettings withStreamSettings(io.flowpulse.runtime.Config config) {
        return new RelaySettings(target, tls, caFile, clientCert, clientKey, serverName, whitelist, blacklist, since,
                initialBackoff, maxBackoff, config.getInt(FLOW_CONTROL_WINDOW), config.getDuration(KEEPALIVE));
    }

    public boolean usesTls() {
        return tls || caFile != null || clientCert != null || serverName != null;
    }
}
