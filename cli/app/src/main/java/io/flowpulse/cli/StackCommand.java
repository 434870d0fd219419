package io.flowpulse.cli;

import io.flowpulse.localstack.PortAllocator;
import io.flowpulse.localstack.background.BackgroundStack;
import io.flowpulse.localstack.background.BackgroundStack.Outcome;
import io.flowpulse.localstack.background.BackgroundStack.ServiceReport;
import io.flowpulse.runtime.service.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowpulse stack up|status|down}: Kafka, the schema registry and ClickHouse as background processes
 * on this machine, for running the pipeline by hand. Data and logs live in the state directory.
 */
@Command(name = "stack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run Kafka (KRaft), the schema registry (Apicurio, Confluent-compatible API) and ClickHouse "
                + "as background processes on 127.0.0.1, for running the pipeline by hand.",
        subcommands = {StackCommand.Up.class, StackCommand.Status.class, StackCommand.Down.class},
        footer = {"",
            "Ports: 9092 (Kafka), 8081 (registry), 8123 (ClickHouse HTTP) when free, other free ports otherwise; "
                + "a later 'up' reuses the ports of the previous one.",
            "ClickHouse comes from Debian's clickhouse-server package: bash scripts/install-clickhouse.sh"})
public final class StackCommand implements Runnable {

    /** Configuration keys of the flowpulse commands, by service, as FLOWPULSE_* environment variables. */
    private static final Map<String, String> ENVIRONMENT_VARIABLES = Map.of(
            "kafka", "FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS",
            "registry", "FLOWPULSE_SCHEMA_REGISTRY_URL",
            "clickhouse", "FLOWPULSE_CLICKHOUSE_URL");
    private static final String ENV_FILE = "env";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The state directory option shared by the subcommands. */
    static final class StateDir {
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".flowpulse/stack",
                description = "State directory: configuration, data, logs, pids (default: ${DEFAULT-VALUE}).")
        Path dir;

        BackgroundStack stack() {
            return new BackgroundStack(dir, PortAllocator.preferWellKnown());
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Start the services that are not running, in the background: they keep running after "
                + "this command ends. Prints their addresses and writes them to DIR/env (for 'source').",
                "Exit code 0 when all run, 3 when one could not start (the others start all the same)."})
    static final class Up implements Callable<Integer> {
        @Mixin
        StateDir state;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            BackgroundStack stack = state.stack();
            out.println("Starting the flowpulse stack in " + stack.dir() + " ...");
            out.flush();
            List<ServiceReport> reports = stack.up();
            for (ServiceReport report : reports) {
                out.println(describe(report));
            }
            Path envFile = writeEnvFile(stack.dir(), reports);
            out.println();
            out.println("Environment for the flowpulse commands (source " + envFile + "):");
            reports.stream().filter(r -> !r.endpoint().isEmpty())
                    .forEach(r -> out.println("  export " + ENVIRONMENT_VARIABLES.get(r.service()) + "=" + r.endpoint()));
            out.println("Logs: " + stack.dir() + "/{kafka,registry,clickhouse}.log. Stop with: flowpulse stack down --dir "
                    + state.dir);
            boolean allRunning = reports.stream().allMatch(r -> r.outcome() == Outcome.STARTED
                    || r.outcome() == Outcome.ALREADY_RUNNING);
            return allRunning ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
        }

        private static String describe(ServiceReport report) {
            switch (report.outcome()) {
                case STARTED:
                    return String.format("  %-10s started in %.1f s   %s   (pid %d)", report.service(),
                            report.startupTime().toMillis() / 1000.0, report.endpoint(), report.pid());
                case ALREADY_RUNNING:
                    return String.format("  %-10s already running   %s   (pid %d)", report.service(),
                            report.endpoint(), report.pid());
                default:
                    return String.format("  %-10s NOT STARTED: %s", report.service(),
                            report.detail().replace("\n", "\n               "));
            }
        }

        private static Path writeEnvFile(Path dir, List<ServiceReport> reports) throws IOException {
            StringBuilder env = new StringBuilder("# flowpulse stack: source this file to point the commands at it\n");
            for (ServiceReport report : reports) {
                if (!report.endpoint().isEmpty()) {
                    env.append("export ").append(ENVIRONMENT_VARIABLES.get(report.service()))
                            .append('=').append(report.endpoint()).append('\n');
                }
            }
            Path file = dir.resolve(ENV_FILE);
            Files.writeString(file, env);
            return file;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Health-check each service of the stack.",
                "Exit code 0 when all are up, 3 when one is down."})
    static final class Status implements Callable<Integer> {
        @Mixin
        StateDir state;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<ServiceReport> reports = state.stack().status();
            for (ServiceReport report : reports) {
                if (report.outcome() == Outcome.UP) {
                    out.printf("  %-10s up     %s   (pid %d)%n", report.service(), report.endpoint(), report.pid());
                } else {
                    out.printf("  %-10s down   %s%n", report.service(), report.detail());
                }
            }
            boolean allUp = reports.stream().allMatch(r -> r.outcome() == Outcome.UP);
            return allUp ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Stop the services of the stack; their data stays for the next 'up' unless --delete-data.",
                "Exit code 0, also when nothing was running."})
    static final class Down implements Callable<Integer> {
        @Mixin
        StateDir state;
        @Spec
        CommandSpec spec;
        @Option(names = "--delete-data", description = "Also delete the Kafka and ClickHouse data.")
        boolean deleteData;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<ServiceReport> reports = state.stack().down(deleteData);
            if (reports.isEmpty()) {
                out.println("Nothing was running in " + state.dir.toAbsolutePath() + ".");
            }
            for (ServiceReport report : reports) {
                out.printf("  %-10s %s%n", report.service(),
                        report.outcome() == Outcome.STOPPED ? "stopped (pid " + report.pid() + ")" : report.detail());
            }
            if (deleteData) {
                out.println("Data deleted.");
            }
            Files.deleteIfExists(state.dir.resolve(ENV_FILE));
            return ExitCodes.OK;
        }
    }
}
