package io.flowpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** Start/stop bookkeeping shared by the services: ports chosen once, kept across restarts. */
abstract class ProcessService implements LocalService {

    private static final int ATTEMPTS_ON_PORT_CLASH = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    protected final Path workDir;
    protected final LaunchMode launchMode;
    protected final PortAllocator portAllocator;
    private boolean portsAllocated;
    private ChildProcess process;
    private Duration lastStartupTime = Duration.ZERO;

    ProcessService(Path workDir, LaunchMode launchMode, PortAllocator portAllocator) {
        this.workDir = workDir.toAbsolutePath();
        this.launchMode = launchMode;
        this.portAllocator = portAllocator;
    }

    /** Chooses the ports; called before the first start and again when they turned out to be taken. */
    protected abstract void allocatePorts();

    /** Writes configuration and launches the service process, without waiting for it. */
    protected abstract ChildProcess launch() throws IOException;

    /** Blocks until the freshly launched service answers its health check. */
    protected abstract void awaitReady(ChildProcess process);

    /** Removes state of a failed first start before trying again on other ports. */
    protected void resetAfterFailedFirstStart() throws IOException {
    }

    @Override
    public Path logFile() {
        return workDir.resolve(name() + ".log");
    }

    @Override
    public final synchronized void start() {
        if (isRunning()) {
            return;
        }
        boolean firstStart = !portsAllocated;
        for (int attempt = 1; ; attempt++) {
            if (!portsAllocated) {
                allocatePorts();
                portsAllocated = true;
            }
            long started = System.nanoTime();
            try {
                Files.createDirectories(workDir);
                ChildProcess launched = launch();
                process = launched;
                awaitReady(launched);
                lastStartupTime = Duration.ofNanos(System.nanoTime() - started);
                return;
            } catch (ServiceStartException e) {
                stopProcess();
                if (firstStart) {
                    portsAllocated = false;
                }
                boolean portClash = e.getMessage() != null && e.getMessage().contains("Address already in use");
                if (!firstStart || !portClash || attempt == ATTEMPTS_ON_PORT_CLASH) {
                    throw e;
                }
                try {
                    resetAfterFailedFirstStart();
                } catch (IOException io) {
                    e.addSuppressed(io);
                    throw e;
                }
            } catch (IOException e) {
                stopProcess();
                if (firstStart) {
                    portsAllocated = false;
                }
                throw new ServiceStartException(name() + ": cannot prepare " + workDir + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public final synchronized void stop() {
        stopProcess();
    }

    private void stopProcess() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public final synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    public final synchronized Duration lastStartupTime() {
        return lastStartupTime;
    }

    /** The running process, for subclasses that need its handle. */
    protected final synchronized ChildProcess process() {
        return process;
    }

    /**
     * Starts the service on first use, so that accessors hand out working addresses. Once it has run,
     * its addresses stay valid while it is stopped (restart tests ask for them then), so no restart here.
     */
    protected final void ensureStarted() {
        synchronized (this) {
            if (portsAllocated) {
                return;
            }
        }
        start();
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
