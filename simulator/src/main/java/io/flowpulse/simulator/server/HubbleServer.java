package io.flowpulse.simulator.server;

import io.flowpulse.simulator.cluster.SimNode;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Serves the Hubble Observer API (GetFlows, ServerStatus, GetNodes) from a {@link FlowStore}
 * over gRPC, in plaintext, TLS or mutual TLS. It can be stopped and started again on the same
 * port while the store keeps filling, like a relay restarting in front of running agents.
 */
public final class HubbleServer implements AutoCloseable {

    /** PEM files: the server's certificate chain and private key, and optionally the CA that client certificates must chain to. */
    public record Tls(Path certificateChain, Path privateKey, Path clientCa) {
        public Tls {
            requireReadable(certificateChain, "TLS certificate");
            requireReadable(privateKey, "TLS private key");
            if (clientCa != null) {
                requireReadable(clientCa, "TLS client CA");
            }
        }

        private static void requireReadable(Path file, String what) {
            if (file == null || !Files.isReadable(file)) {
                throw new IllegalArgumentException(what + " file " + file + " does not exist or is not readable");
            }
        }
    }

    private final FlowStore store;
    private final List<SimNode> nodes;
    private final String clusterName;
    private final String host;
    private final Tls tls;
    private final ExecutorService streams;
    private final EventLoopGroup loops;
    private int port;
    private Server server;
    private ObserverService service;

    public HubbleServer(FlowStore store, List<SimNode> nodes, String clusterName, String host, int port, Tls tls) {
        this.store = store;
        this.nodes = List.copyOf(nodes);
        this.clusterName = clusterName;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.loops = new NioEventLoopGroup(2, new DefaultThreadFactory("hubble-server-loop", true));
        AtomicInteger threads = new AtomicInteger();
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hubble-getflows-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and serves; after the first start the port is fixed, so a restart reuses it. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the Hubble server is already running on port " + port);
        }
        service = new ObserverService(store, nodes, clusterName, tls != null, streams);
        // event loops of its own, named, so that in one JVM with a client (demo, tests, benchmarks) the
        // server's network work is told apart from the client's
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port)).addService(service)
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(loops)
                .workerEventLoopGroup(loops);
        if (tls != null) {
            builder.sslContext(sslContext(tls));
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            server = null;
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        port = server.getPort();
    }

    /** Ends open streams with UNAVAILABLE, lets calls finish for up to five seconds, then closes. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        service.closeStreams();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        service = null;
    }

    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public boolean tlsEnabled() {
        return tls != null;
    }

    @Override
    public void close() {
        stop();
        streams.shutdownNow();
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS);
    }

    private static SslContext sslContext(Tls tls) {
        try {
            SslContextBuilder builder = GrpcSslContexts.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile());
            if (tls.clientCa() != null) {
                builder.trustManager(tls.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + tls.certificateChain() + " and "
                    + tls.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
