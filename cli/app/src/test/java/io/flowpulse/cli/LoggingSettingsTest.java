package io.flowpulse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingSettingsTest {

    private static final LoggerContext LOGBACK = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restore() {
        new LoggingSettings(Level.INFO, LoggingSettings.TEXT).apply();
    }

    private static List<Appender<ILoggingEvent>> rootAppenders() {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        LOGBACK.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        return appenders;
    }

    @Test
    void switchesTheConsoleBetweenTextAndJsonAndSetsFlowpulsesLevel() {
        new LoggingSettings(Level.DEBUG, LoggingSettings.JSON).apply();
        assertThat(LOGBACK.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(LOGBACK.getLogger("org.apache.kafka").getEffectiveLevel()).as("libraries keep theirs")
                .isNotEqualTo(Level.DEBUG);
        assertThat(rootAppenders()).singleElement().satisfies(a ->
                assertThat(LoggingSettings.formatOf((ConsoleAppender<ILoggingEvent>) a)).isEqualTo("json"));

        Appender<ILoggingEvent> json = rootAppenders().get(0);
        new LoggingSettings(Level.DEBUG, LoggingSettings.JSON).apply();
        assertThat(rootAppenders()).as("nothing replaced when the format is in effect").containsExactly(json);

        new LoggingSettings(Level.WARN, LoggingSettings.TEXT).apply();
        assertThat(LOGBACK.getLogger("io.flowpulse").getLevel()).isEqualTo(Level.WARN);
        assertThat(rootAppenders()).singleElement().satisfies(a ->
                assertThat(LoggingSettings.formatOf((ConsoleAppender<ILoggingEvent>) a)).isEqualTo("text"));
        assertThat(json.isStarted()).isFalse();
    }
}
