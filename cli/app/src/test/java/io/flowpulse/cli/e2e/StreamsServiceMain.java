package io.flowpulse.cli.e2e;

import io.flowpulse.streams.app.StreamsApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams service in a JVM of its own, for a test that kills it: arguments are
 * {@code key=value} settings of the service. Prints {@value #STARTED} once started, then runs
 * until the process is stopped or killed, or the service stops by itself (exit code 1).
 */
public final class StreamsServiceMain {

    static final String STARTED = "streams service started";

    private StreamsServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            config.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        StreamsApp app = new StreamsApp(LivePipeline.streamsSettings(config));
        AtomicBoolean stopping = new AtomicBoolean();
        // a plain stop (SIGTERM) closes the service; SIGKILL leaves everything as it was
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            app.close();
        }, "streams-service-stop"));
        app.start();
        System.out.println(STARTED);
        System.out.flush();
        while (!app.awaitStop(Duration.ofMinutes(10))) {
            // keeps running until stopped or killed
        }
        if (!stopping.get()) {
            System.err.println("streams service stopped by itself: " + app.failure());
            System.exit(1);
        }
    }
}
