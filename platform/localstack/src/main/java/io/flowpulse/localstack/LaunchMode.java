package io.flowpulse.localstack;

/** How a service's process relates to the JVM that starts it. */
public enum LaunchMode {
    /**
     * The service dies with the starting JVM: it is stopped on close and, through a watcher on its
     * standard input, even when the JVM is killed without running its shutdown hooks. The pipe to that
     * watcher belongs to the {@link ChildProcess}: whoever starts a service keeps a reference to it.
     */
    ATTACHED,
    /** The service runs in its own session and outlives the starting JVM (for {@code flowpulse stack up}). */
    DETACHED
}
