package io.flowpulse.cli.e2e;

import io.flowpulse.runtime.service.ServiceRunner;
import io.flowpulse.streams.app.StreamsApp;
import io.flowpulse.streams.app.StreamsSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The streams service in a JVM of its own, for a test that kills it: arguments are
 * {@code key=value} settings of the service. Prints {@value #STARTED} once started, then runs
 * until the process is stopped (SIGTERM: the runner stops the service cleanly) or killed (SIGKILL
 * leaves everything as it was), or the service stops by itself (exit code 1).
 */
public final class StreamsServiceMain {

    static final String STARTED = "streams service started";

    private StreamsServiceMain() {
    }

    public static void main(String[] args) {
        Map<String, String> config = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            config.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        StreamsSettings settings = LivePipeline.streamsSettings(config);
        System.exit(new ServiceRunner("streams service")
                .add(new StreamsApp(settings), settings.httpHost(), settings.httpPort(), url -> {
                    System.out.println(STARTED);
                    System.out.flush();
                })
                .run());
    }
}
