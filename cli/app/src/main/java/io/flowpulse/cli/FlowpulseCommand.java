package io.flowpulse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code flowpulse} command; every stage is a subcommand. */
@Command(name = "flowpulse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Network-health analytics for Kubernetes clusters from the Cilium Hubble flow stream.",
            "Hubble (gRPC or capture files) -> Kafka (Avro) -> Kafka Streams analytics -> ClickHouse -> Grafana."},
        subcommands = {
            DemoCommand.class,
            StackCommand.class,
            IngestCommand.class,
            SinkCommand.class,
            AlertForwarderCommand.class,
            ReplayCommand.class,
            StreamsCommand.class,
            ConsoleCommand.class,
            SimulateCommand.class,
            HealthCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"",
            "Configuration: --config FILE (YAML or .properties) and FLOWPULSE_* environment variables.",
            "Exit codes: 0 ok, 1 failure, 2 usage, 3 service unavailable, 4 unreadable input, 130 interrupted."})
public final class FlowpulseCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
