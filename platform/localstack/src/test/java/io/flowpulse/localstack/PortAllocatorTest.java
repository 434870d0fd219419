package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void prefersTheWellKnownPortWhileItIsFree() throws Exception {
        int port = PortAllocator.freePort();
        assertThat(PortAllocator.preferWellKnown().allocate(port)).isEqualTo(port);
    }

    @Test
    void fallsBackToAnotherPortWhenTheWellKnownOneIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int other = PortAllocator.preferWellKnown().allocate(taken.getLocalPort());
            assertThat(other).isNotEqualTo(taken.getLocalPort()).isPositive();
            assertThat(PortAllocator.isFree(other)).isTrue();
        }
    }
}
