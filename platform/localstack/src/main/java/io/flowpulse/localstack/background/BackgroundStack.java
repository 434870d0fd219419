package io.flowpulse.localstack.background;

import io.flowpulse.localstack.ChildProcess;
import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.HealthChecks;
import io.flowpulse.localstack.KafkaBroker;
import io.flowpulse.localstack.LaunchMode;
import io.flowpulse.localstack.LocalService;
import io.flowpulse.localstack.PortAllocator;
import io.flowpulse.localstack.SchemaRegistry;
import io.flowpulse.localstack.ServiceStartException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The developer's long-running stack behind {@code flowpulse stack up|status|down}: the services run
 * detached from the command that started them, with configuration, data and logs in one state directory.
 */
public final class BackgroundStack {

    public static final List<String> SERVICES = List.of("kafka", "registry", "clickhouse");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path dir;
    private final PortAllocator firstChoice;

    /** What happened to one service. */
    public enum Outcome {
        STARTED, ALREADY_RUNNING, UNAVAILABLE, UP, DOWN, STOPPED, NOT_RUNNING
    }

    /** One line of a report; {@code detail} explains UNAVAILABLE and DOWN. */
    public record ServiceReport(String service, Outcome outcome, String endpoint, long pid, Duration startupTime,
                                String detail) {
    }

    /** @param firstChoice how to choose ports the first time (later runs reuse the recorded ones when free) */
    public BackgroundStack(Path dir, PortAllocator firstChoice) {
        this.dir = dir.toAbsolutePath();
        this.firstChoice = firstChoice;
    }

    public Path dir() {
        return dir;
    }

    /** Starts every service that is not running; a service that cannot start does not keep the others from it. */
    public List<ServiceReport> up() throws IOException {
        try (DirectoryLock ignored = lock()) {
            StackState state = StackState.read(dir);
            List<ServiceReport> reports = new ArrayList<>();
            for (String service : SERVICES) {
                Optional<StackState.Entry> previous = state.entry(service);
                if (previous.isPresent() && isOurProcess(previous.get())
                        && HealthChecks.isHealthy(service, previous.get().endpoint())) {
                    reports.add(new ServiceReport(service, Outcome.ALREADY_RUNNING, previous.get().endpoint(),
                            previous.get().pid(), Duration.ZERO, ""));
                    continue;
                }
                previous.filter(BackgroundStack::isOurProcess).ifPresent(hung -> stop(hung));
                reports.add(start(service, state));
                state.write(dir);
            }
            return reports;
        }
    }

    /** Health of every service recorded in the state directory (DOWN for those never started). */
    public List<ServiceReport> status() throws IOException {
        StackState state = StackState.read(dir);
        List<ServiceReport> reports = new ArrayList<>();
        for (String service : SERVICES) {
            Optional<StackState.Entry> entry = state.entry(service);
            if (entry.isEmpty()) {
                reports.add(new ServiceReport(service, Outcome.DOWN, "", 0, Duration.ZERO, "not started"));
            } else if (!isOurProcess(entry.get())) {
                reports.add(new ServiceReport(service, Outcome.DOWN, entry.get().endpoint(), entry.get().pid(),
                        Duration.ZERO, "process " + entry.get().pid() + " has exited"));
            } else if (HealthChecks.isHealthy(service, entry.get().endpoint())) {
                reports.add(new ServiceReport(service, Outcome.UP, entry.get().endpoint(), entry.get().pid(),
                        Duration.ZERO, ""));
            } else {
                reports.add(new ServiceReport(service, Outcome.DOWN, entry.get().endpoint(), entry.get().pid(),
                        Duration.ZERO, "process " + entry.get().pid() + " runs but does not answer its health check"));
            }
        }
        return reports;
    }

    /** Stops every recorded service; data stays for the next {@link #up()}, unless {@code deleteData}. */
    public List<ServiceReport> down(boolean deleteData) throws IOException {
        try (DirectoryLock ignored = lock()) {
            StackState state = StackState.read(dir);
            List<ServiceReport> reports = new ArrayList<>();
            for (StackState.Entry entry : state.entries().values()) {
                if (isOurProcess(entry)) {
                    stop(entry);
                    reports.add(new ServiceReport(entry.service(), Outcome.STOPPED, entry.endpoint(), entry.pid(),
                            Duration.ZERO, ""));
                } else {
                    reports.add(new ServiceReport(entry.service(), Outcome.NOT_RUNNING, entry.endpoint(),
                            entry.pid(), Duration.ZERO, "had already exited"));
                }
            }
            state.clearEntries();
            if (deleteData) {
                StackState.delete(dir);
                for (String data : List.of("kafka-data", "registry-data", "clickhouse-data")) {
                    deleteRecursively(dir.resolve(data));
                }
            } else {
                state.write(dir);
            }
            return reports;
        }
    }

    private ServiceReport start(String service, StackState state) {
        Map<Integer, Integer> used = new TreeMap<>();
        PortAllocator remembering = PortAllocator.remembering(state.ports(service), firstChoice);
        PortAllocator recording = wellKnown -> {
            int port = remembering.allocate(wellKnown);
            used.put(wellKnown, port);
            return port;
        };
        LocalService instance = create(service, recording);
        try {
            instance.start();
        } catch (ServiceStartException e) {
            state.remove(service);
            return new ServiceReport(service, Outcome.UNAVAILABLE, "", 0, Duration.ZERO, e.getMessage());
        }
        long pid = instance.pid().orElseThrow();
        long started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(Instant::toEpochMilli).orElse(0L);
        state.put(new StackState.Entry(service, pid, started, instance.endpoint()));
        state.putPorts(service, used);
        return new ServiceReport(service, Outcome.STARTED, instance.endpoint(), pid, instance.lastStartupTime(), "");
    }

    private LocalService create(String service, PortAllocator ports) {
        switch (service) {
            case "kafka":
                return new KafkaBroker(dir, LaunchMode.DETACHED, ports);
            case "registry":
                return new SchemaRegistry(dir, LaunchMode.DETACHED, ports);
            case "clickhouse":
                return new ClickHouseServer(dir, LaunchMode.DETACHED, ports);
            default:
                throw new IllegalArgumentException("unknown service " + service);
        }
    }

    /** The recorded pid still belongs to the process we started, not to a newer one that got the same pid. */
    private static boolean isOurProcess(StackState.Entry entry) {
        Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        if (entry.startedEpochMillis() == 0) {
            return true;
        }
        return handle.get().info().startInstant()
                .map(start -> start.toEpochMilli() == entry.startedEpochMillis())
                .orElse(true);
    }

    private static void stop(StackState.Entry entry) {
        ProcessHandle.of(entry.pid()).ifPresent(handle -> ChildProcess.stopTree(handle, STOP_GRACE));
    }

    /** Keeps two commands from starting or stopping the same stack at once. */
    private DirectoryLock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve("stack.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.lock();
            return new DirectoryLock(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private record DirectoryLock(FileChannel channel) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
