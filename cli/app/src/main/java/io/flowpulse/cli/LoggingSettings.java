package io.flowpulse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.flowpulse.runtime.CommonSettings;
import io.flowpulse.runtime.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Flowpulse's log level and the format of the log lines on stderr, as settings
 * ({@code log.level}, {@code log.format}). logback.xml configures logging from the environment
 * variables alone before any command runs; {@link #apply} then sets what the configuration
 * (file, environment, options, {@code --set}) says.
 *
 * @param level  level of the {@code io.flowpulse} loggers
 * @param format {@code text} or {@code json} (one object per line)
 */
public record LoggingSettings(Level level, String format) {

    public static final String LEVEL = "log.level";
    public static final String FORMAT = "log.format";
    public static final String TEXT = "text";
    public static final String JSON = "json";

    public static final Map<String, String> DEFAULTS = CommonSettings.ordered(LEVEL, "INFO", FORMAT, TEXT);

    /** The logger whose level {@code log.level} sets; libraries keep theirs. */
    static final String FLOWPULSE_LOGGER = "io.flowpulse";

    /** The line format of logback.xml's text appender. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public static LoggingSettings from(Config config) {
        String levelText = config.get(LEVEL).trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(levelText)) {
            throw new Config.ConfigException("setting '" + LEVEL + "' = '" + config.get(LEVEL) + "' is not one of "
                    + String.join(", ", LEVELS));
        }
        String format = config.get(FORMAT).trim().toLowerCase(Locale.ROOT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new Config.ConfigException("setting '" + FORMAT + "' = '" + config.get(FORMAT)
                    + "' is not text or json");
        }
        return new LoggingSettings(Level.toLevel(levelText), format);
    }

    /**
     * Sets the level of Flowpulse's loggers and, if the console output is not in this format yet,
     * replaces the root logger's console appenders with one writing this format to stderr. Does
     * nothing when logback is not the logging backend.
     */
    public void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(FLOWPULSE_LOGGER).setLevel(level);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
            }
        });
        if (!consoles.isEmpty() && consoles.stream().allMatch(a -> format.equals(formatOf(a)))) {
            return;
        }
        Encoder<ILoggingEvent> encoder = format.equals(JSON) ? new LogstashEncoder() : textEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(format);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        for (Appender<ILoggingEvent> old : consoles) {
            root.detachAppender(old);
            old.stop();
        }
    }

    /** The format an appender writes: json for the logstash encoder, text for anything else. */
    static String formatOf(OutputStreamAppender<ILoggingEvent> appender) {
        return appender.getEncoder() instanceof LogstashEncoder ? JSON : TEXT;
    }

    private static Encoder<ILoggingEvent> textEncoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }
}
