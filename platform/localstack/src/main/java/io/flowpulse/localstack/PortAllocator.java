package io.flowpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses the 127.0.0.1 ports a service listens on. */
@FunctionalInterface
public interface PortAllocator {

    /** A port to listen on; {@code wellKnown} is the port the service usually has (9092 for Kafka, ...). */
    int allocate(int wellKnown);

    /** Any free port, ignoring the well-known one: for test stacks that must not collide with each other. */
    static PortAllocator anyFree() {
        return wellKnown -> freePort();
    }

    /** The well-known port when it is free, any free port otherwise: for the long-running stack of a developer. */
    static PortAllocator preferWellKnown() {
        return wellKnown -> isFree(wellKnown) ? wellKnown : freePort();
    }

    /**
     * The port used last time (by well-known port) when it is free again, else what {@code otherwise} picks:
     * keeps the addresses of a long-running stack stable across restarts.
     */
    static PortAllocator remembering(java.util.Map<Integer, Integer> previous, PortAllocator otherwise) {
        return wellKnown -> {
            Integer last = previous.get(wellKnown);
            return last != null && isFree(last) ? last : otherwise.allocate(wellKnown);
        };
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Free for a server: connections of a previous run lingering in TIME_WAIT do not count, as servers bind with SO_REUSEADDR. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
