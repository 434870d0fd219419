package io.flowpulse.localstack;

/** Logging of the broker JVM: INFO to standard output, which goes to kafka.log. */
final class BrokerLogging {

    static final String LOGBACK_XML = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.kafka.clients" level="WARN"/>
              <logger name="org.apache.kafka.common.config" level="WARN"/>
              <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
              <logger name="kafka.log.LogCleaner" level="WARN"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private BrokerLogging() {
    }
}
