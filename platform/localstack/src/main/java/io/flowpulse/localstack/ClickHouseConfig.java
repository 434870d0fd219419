package io.flowpulse.localstack;

import java.nio.file.Path;

/** config.xml and users.xml of a ClickHouse server owned by the stack (the 18.16 format, root element yandex). */
final class ClickHouseConfig {

    private ClickHouseConfig() {
    }

    /** Listens on 127.0.0.1 only, no interserver port, logs to the console (the service log), UTC. */
    static String serverXml(int httpPort, int tcpPort, Path dataDir, Path usersXml) {
        String data = dataDir.toAbsolutePath() + "/";
        return """
                <?xml version="1.0"?>
                <yandex>
                  <logger>
                    <level>information</level>
                    <console>1</console>
                  </logger>
                  <listen_host>127.0.0.1</listen_host>
                  <http_port>%d</http_port>
                  <tcp_port>%d</tcp_port>
                  <path>%s</path>
                  <tmp_path>%stmp/</tmp_path>
                  <user_files_path>%suser_files/</user_files_path>
                  <format_schema_path>%sformat_schemas/</format_schema_path>
                  <users_config>%s</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <timezone>UTC</timezone>
                  <!-- a stop waits for idle keep-alive connections of clients: keep that short -->
                  <keep_alive_timeout>1</keep_alive_timeout>
                  <shutdown_wait_unfinished>1</shutdown_wait_unfinished>
                  <mark_cache_size>268435456</mark_cache_size>
                  <max_concurrent_queries>100</max_concurrent_queries>
                  <mlock_executable>false</mlock_executable>
                </yandex>
                """.formatted(httpPort, tcpPort, data, data, data, data, usersXml.toAbsolutePath());
    }

    /** One user, default, without password, reachable from loopback only. */
    static String usersXml() {
        return """
                <?xml version="1.0"?>
                <yandex>
                  <profiles>
                    <default></default>
                  </profiles>
                  <users>
                    <default>
                      <password></password>
                      <networks>
                        <ip>127.0.0.1</ip>
                        <ip>::1</ip>
                      </networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </default>
                  </users>
                  <quotas>
                    <default></default>
                  </quotas>
                </yandex>
                """;
    }
}
