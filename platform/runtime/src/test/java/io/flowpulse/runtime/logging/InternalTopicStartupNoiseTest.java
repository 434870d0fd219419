package io.flowpulse.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

class InternalTopicStartupNoiseTest {

    private static final String FORMAT = "[Consumer clientId={}, groupId={}] The metadata response from the cluster "
            + "reported a recoverable issue with correlation id {} : {}";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger networkClient;

    @BeforeEach
    void setUp() {
        InternalTopicStartupNoise filter = new InternalTopicStartupNoise();
        filter.start();
        context.addTurboFilter(filter);
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
        networkClient = context.getLogger("org.apache.kafka.clients.NetworkClient");
    }

    /** Logs as Kafka's LogContext does: the message formatted first, then logged without parameters. */
    private static void kafkaWarn(Logger logger, Object... args) {
        logger.warn(MessageFormatter.arrayFormat(FORMAT, args).getMessage());
    }

    @Test
    void internalTopicsNotCreatedYetAreNotLogged() {
        kafkaWarn(networkClient, "c-1", "g", 6, Map.of("app-partials-repartition", "UNKNOWN_TOPIC_OR_PARTITION"));
        kafkaWarn(networkClient, "c-1", "g", 7, errors("app-store-changelog", "UNKNOWN_TOPIC_OR_PARTITION",
                "app-partials-repartition", "UNKNOWN_TOPIC_OR_PARTITION"));
        assertThat(logged.list).isEmpty();
    }

    @Test
    void messagesFormattedBeforeLoggingAreReadToo() {
        // Kafka's LogContext formats the message itself and logs it without parameters
        networkClient.warn("[Consumer clientId=c-1, groupId=g] The metadata response from the cluster reported a "
                + "recoverable issue with correlation id 6 : {app-partials-repartition=UNKNOWN_TOPIC_OR_PARTITION}");
        assertThat(logged.list).isEmpty();
        networkClient.warn("[Consumer clientId=c-1, groupId=g] The metadata response from the cluster reported a "
                + "recoverable issue with correlation id 7 : {app-partials-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                + "hubble.flows.v1=UNKNOWN_TOPIC_OR_PARTITION}");
        networkClient.warn("[Consumer clientId=c-1, groupId=g] The metadata response from the cluster reported a "
                + "recoverable issue with correlation id 8 : {app-partials-repartition=TOPIC_AUTHORIZATION_FAILED}");
        assertThat(logged.list).hasSize(2);
    }

    @Test
    void anyOtherTopicOrErrorIsStillLogged() {
        kafkaWarn(networkClient, "c-1", "g", 8, Map.of("hubble.flows.v1", "UNKNOWN_TOPIC_OR_PARTITION"));
        kafkaWarn(networkClient, "c-1", "g", 9, errors("app-partials-repartition", "UNKNOWN_TOPIC_OR_PARTITION",
                "hubble.flows.v1", "UNKNOWN_TOPIC_OR_PARTITION"));
        kafkaWarn(networkClient, "c-1", "g", 10, Map.of("app-partials-repartition", "LEADER_NOT_AVAILABLE"));
        networkClient.warn("Connection to node {} could not be established.", -1);
        kafkaWarn(context.getLogger("io.flowpulse.Other"), "c", "g", 1, Map.of("x-repartition", "UNKNOWN_TOPIC_OR_PARTITION"));
        assertThat(logged.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN).hasSize(5);
    }

    private static Map<String, String> errors(String... topicAndError) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < topicAndError.length; i += 2) {
            m.put(topicAndError[i], topicAndError[i + 1]);
        }
        return m;
    }

    @Test
    void emptyMapIsNotNoise() {
        assertThat(InternalTopicStartupNoise.onlyInternalTopicsMissing(Map.of())).isFalse();
    }
}
