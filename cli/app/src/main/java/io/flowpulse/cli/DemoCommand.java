package io.flowpulse.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the demo exists: says so plainly and exits with a non-zero code. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on a simulated 12-node, 5-subnet cluster with a live terminal view.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("flowpulse demo: not implemented yet");
        return ExitCodes.FAILURE;
    }
}
