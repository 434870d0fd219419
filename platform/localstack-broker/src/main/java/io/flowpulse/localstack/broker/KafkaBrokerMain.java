package io.flowpulse.localstack.broker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the broker's child JVM: formats the storage on first start, then runs the broker, so
 * that a fresh broker costs one JVM start instead of two.
 * Arguments: the server.properties path, the log directory, the cluster id to format with.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <log dir> <cluster id>");
            System.exit(2);
        }
        String config = args[0];
        if (!Files.exists(Path.of(args[1], "meta.properties"))) {
            int exit = kafka.tools.StorageTool.execute(new String[] {"format", "-t", args[2], "-c", config}, System.out);
            if (exit != 0) {
                System.err.println("formatting " + args[1] + " failed with exit code " + exit);
                System.exit(exit);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }
}
