package io.flowpulse.ingest.relay;

import io.flowpulse.hubble.observer.ObserverGrpc;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsRequest;
import io.flowpulse.hubble.observer.ObserverProtos.GetFlowsResponse;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusRequest;
import io.flowpulse.hubble.observer.ObserverProtos.ServerStatusResponse;
import com.google.protobuf.Timestamp;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flowpulse.ingest.protowire.FlowResponseView;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code observer.Observer/GetFlows} on a Hubble Relay, forever: when the stream
 * breaks it reconnects with exponential backoff and resumes from the last event time, so
 * no flow is lost or delivered twice at the boundary (see {@link ResumeTracker}).
 *
 * <p>With TLS, the client key may be PKCS#8, PKCS#1 or SEC1, and rotated certificate and key files
 * are picked up without a restart: every new call checks the files and, when they changed, goes
 * over a new channel built from them (see {@link ClientTls}).
 */
public final class RelayClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    /** Flows requested ahead of the one being handled. */
    private static final int REQUEST_WINDOW = 4096;
    /** GetFlows with the responses left as bytes, so flows can be read without building protobuf objects. */
    private static final MethodDescriptor<GetFlowsRequest, byte[]> GET_FLOWS = ObserverGrpc.getGetFlowsMethod()
            .toBuilder(ObserverGrpc.getGetFlowsMethod().getRequestMarshaller(), new RawMessageMarshaller())
            .build();

    private final RelaySettings settings;
    /** Null in plaintext. */
    private final ClientTls tls;
    private ManagedChannel channel;
    private SslContext channelContext;
    private final ResumeTracker resume = new ResumeTracker();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final FlowResponseView fastPath = new FlowResponseView();
    private volatile boolean connected;
    private volatile String lastError = "";

    public RelayClient(RelaySettings settings) {
        this.settings = settings;
        try {
            this.tls = settings.usesTls() ? new ClientTls(settings.caFile(), settings.clientCert(), settings.clientKey())
                    : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS to " + settings.target() + ": " + e.getMessage(), e);
        }
        this.channelContext = tls == null ? null : tls.current();
        this.channel = buildChannel(settings, channelContext);
    }

    /**
     * The channel for a new call: when the TLS files changed since the current channel was built
     * (a rotated client certificate), a new channel with the new context; the old one ends once
     * its calls have.
     */
    private synchronized ManagedChannel channel() {
        if (tls != null) {
            SslContext current = tls.current();
            if (current != channelContext) {
                ManagedChannel old = channel;
                channel = buildChannel(settings, current);
                channelContext = current;
                old.shutdown();
            }
        }
        return channel;
    }

    /**
     * Streams until {@code stop} says so or the thread is interrupted. Each new response goes
     * to the handler; connection errors are logged and retried, never thrown.
     */
    public void follow(ResponseHandler handler, BooleanSupplier stop) throws InterruptedException {
        Duration backoff = settings.initialBackoff();
        boolean first = true;
        while (!stop.getAsBoolean()) {
            GetFlowsRequest request = request(first);
            first = false;
            boolean receivedAny = false;
            StreamOutcome outcome = stream(request, handler, stop);
            receivedAny = outcome.receivedAny();
            if (outcome.interrupted() != null) {
                throw outcome.interrupted();
            }
            if (stop.getAsBoolean()) {
                return;
            }
            lastError = outcome.error() == null ? "server ended the stream" : describe(outcome.error());
            log.warn("flow stream from {} ended ({}); reconnecting in {} ms",
                    settings.target(), lastError, backoff.toMillis());
            if (receivedAny) {
                backoff = settings.initialBackoff();
            }
            reconnects.incrementAndGet();
            resume.onReconnect();
            sleep(backoff, stop);
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                    ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    private record StreamOutcome(boolean receivedAny, Throwable error, InterruptedException interrupted) {
    }

    /**
     * One GetFlows call. Responses are handled on the channel's own thread (direct executor), with
     * a window of requested messages kept open, so that no thread hand-off is paid per flow; a
     * handler that blocks (Kafka slow) stops the reading and so holds the server back.
     */
    private StreamOutcome stream(GetFlowsRequest request, ResponseHandler handler, BooleanSupplier stop)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicReference<InterruptedException> interrupted = new AtomicReference<>();
        AtomicReference<RuntimeException> handlerFailure = new AtomicReference<>();
        AtomicBoolean receivedAny = new AtomicBoolean();
        AtomicReference<ClientCallStreamObserver<GetFlowsRequest>> call = new AtomicReference<>();
        ClientCalls.asyncServerStreamingCall(channel().newCall(GET_FLOWS, CallOptions.DEFAULT), request,
                new ClientResponseObserver<GetFlowsRequest, byte[]>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<GetFlowsRequest> requestStream) {
                call.set(requestStream);
                requestStream.disableAutoRequestWithInitial(REQUEST_WINDOW);
            }

            @Override
            public void onNext(byte[] message) {
                connected = true;
                receivedAny.set(true);
                try {
                    if (stop.getAsBoolean()) {
                        call.get().cancel("stopping", null);
                        return;
                    }
                    deliver(message, handler);
                    call.get().request(1);
                } catch (InterruptedException e) {
                    interrupted.set(e);
                    call.get().cancel("interrupted", e);
                } catch (RuntimeException e) {
                    handlerFailure.set(e);
                    call.get().cancel("handler failed", e);
                }
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        try {
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    call.get().cancel("stopping", null);
                }
            }
        } catch (InterruptedException e) {
            call.get().cancel("interrupted", e);
            throw e;
        } finally {
            connected = false;
        }
        if (handlerFailure.get() != null) {
            throw handlerFailure.get();
        }
        return new StreamOutcome(receivedAny.get(), error.get(), interrupted.get());
    }

    /**
     * Hands one message to the handler unless it repeats what was delivered before a resume:
     * flows through the fast path where it can read them, anything else parsed.
     */
    private void deliver(byte[] message, ResponseHandler handler) throws InterruptedException {
        try {
            if (fastPath.read(message)) {
                String id = fastPath.uuid() != null ? fastPath.uuid()
                        : ResumeTracker.identity(GetFlowsResponse.parseFrom(message));
                if (resume.accept(fastPath.eventSeconds(), fastPath.eventNanos(), id)) {
                    handler.handleFlow(fastPath);
                } else {
                    duplicatesSkipped.incrementAndGet();
                }
                return;
            }
            GetFlowsResponse response = GetFlowsResponse.parseFrom(message);
            if (resume.accept(response)) {
                handler.handle(response);
            } else {
                duplicatesSkipped.incrementAndGet();
            }
        } catch (InvalidProtocolBufferException e) {
            handler.invalid(message, "not a valid observer.GetFlowsResponse: " + e.getMessage());
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
        }
        return t.toString();
    }

    /**
     * Continues after what an earlier run published: the first request asks for {@code since} the
     * point instead of the configured start, and the events already published are skipped.
     */
    public void resumeFrom(ResumePoint point) {
        resume.seed(point);
        log.info("resuming after the flows already published: since {}, skipping the {} published from then on",
                java.time.Instant.EPOCH.plus(point.sinceMicros(), java.time.temporal.ChronoUnit.MICROS),
                point.published().size());
    }

    /** One ServerStatus call, e.g. for a readiness check or the start-up banner. */
    public ServerStatusResponse serverStatus(Duration timeout) {
        return ObserverGrpc.newBlockingStub(channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .serverStatus(ServerStatusRequest.getDefaultInstance());
    }

    public boolean connected() {
        return connected;
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    public String lastError() {
        return lastError;
    }

    private GetFlowsRequest request(boolean first) {
        GetFlowsRequest.Builder b = GetFlowsRequest.newBuilder().setFollow(true)
                .addAllWhitelist(settings.whitelist())
                .addAllBlacklist(settings.blacklist());
        Timestamp since = resume.resumeFrom();
        if (since == null && first && settings.since() != null) {
            since = Timestamp.newBuilder().setSeconds(settings.since().getEpochSecond())
                    .setNanos(settings.since().getNano()).build();
        }
        if (since != null) {
            b.setSince(since);
        }
        return b.build();
    }

    private static void sleep(Duration d, BooleanSupplier stop) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!stop.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static ManagedChannel buildChannel(RelaySettings s, SslContext ssl) {
        NettyChannelBuilder b = NettyChannelBuilder.forTarget(s.target())
                .directExecutor()
                .flowControlWindow(s.flowControlWindowBytes())
                .maxInboundMessageSize(16 * 1024 * 1024);
        if (!s.keepAliveTime().isZero()) {
            b.keepAliveTime(s.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (ssl != null) {
            b.sslContext(ssl);
            if (s.serverName() != null) {
                b.overrideAuthority(s.serverName());
            }
        } else {
            b.usePlaintext();
        }
        return b.build();
    }

    @Override
    public void close() {
        ManagedChannel c;
        synchronized (this) {
            c = channel;
        }
        c.shutdownNow();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
