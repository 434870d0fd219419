package io.flowpulse.localstack.background;

import io.flowpulse.localstack.PortAllocator;
import java.nio.file.Path;

/** Runs {@code up} in a JVM of its own that exits right after, as the stack command does. */
public final class StackUpInAnotherJvm {

    public static void main(String[] args) throws Exception {
        for (BackgroundStack.ServiceReport report : new BackgroundStack(Path.of(args[0]), PortAllocator.anyFree()).up()) {
            System.out.println(report.service() + " " + report.outcome() + " " + report.endpoint());
        }
    }
}
