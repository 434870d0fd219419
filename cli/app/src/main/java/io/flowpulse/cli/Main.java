package io.flowpulse.cli;

import io.flowpulse.runtime.Config;
import io.flowpulse.runtime.service.ExitCodes;
import picocli.CommandLine;

/** Entry point of the flowpulse command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FlowpulseCommand());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof Config.ConfigException) {
                commandLine.getErr().println("flowpulse: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            throw ex;
        });
        return cli.execute(args);
    }
}
