package io.flowpulse.localstack.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the broker's child JVM: formats the storage on first start, then runs the broker, so
 * that a fresh broker costs one JVM start instead of two.
 * Arguments: the server.properties path, the log directory, the cluster id to format with, and
 * optionally a file of SCRAM credentials to create when formatting, one {@code kafka-storage format
 * --add-scram} argument a line (a file, so that no password is on the command line).
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <log dir> <cluster id> [<scram credentials file>]");
            System.exit(2);
        }
        String config = args[0];
        if (!Files.exists(Path.of(args[1], "meta.properties"))) {
            List<String> format = new ArrayList<>(List.of("format", "-t", args[2], "-c", config));
            if (args.length == 4) {
                for (String credential : Files.readAllLines(Path.of(args[3]))) {
                    if (!credential.isBlank()) {
                        format.add("--add-scram");
                        format.add(credential.trim());
                    }
                }
            }
            int exit = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.out);
            if (exit != 0) {
                System.err.println("formatting " + args[1] + " failed with exit code " + exit);
                System.exit(exit);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }
}
