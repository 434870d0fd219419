package io.flowpulse.localstack;

import java.nio.file.Path;

/** config.xml and users.xml of a ClickHouse server owned by the stack (the 18.16 format, root element yandex). */
final class ClickHouseConfig {

    private ClickHouseConfig() {
    }

    /** Listens on 127.0.0.1 only, no interserver port, logs to the console (the service log), UTC. */
    static String serverXml(int httpPort, int tcpPort, Path dataDir, Path usersXml) {
        return serverXml("<http_port>" + httpPort + "</http_port>", tcpPort, dataDir, usersXml);
    }

    /** As {@link #serverXml(int, int, Path, Path)} with HTTPS instead of HTTP on {@code httpsPort}. */
    static String secureServerXml(int httpsPort, int tcpPort, Path dataDir, Path usersXml, TlsMaterial tls) {
        String https = """
                <https_port>%d</https_port>
                  <openSSL>
                    <server>
                      <certificateFile>%s</certificateFile>
                      <privateKeyFile>%s</privateKeyFile>
                      <verificationMode>none</verificationMode>
                      <loadDefaultCAFile>false</loadDefaultCAFile>
                      <cacheSessions>true</cacheSessions>
                      <disableProtocols>sslv2,sslv3,tlsv1,tlsv1_1</disableProtocols>
                      <preferServerCiphers>true</preferServerCiphers>
                    </server>
                  </openSSL>""".formatted(httpsPort, tls.serverCertificatePem().toAbsolutePath(),
                tls.serverKeyPem().toAbsolutePath());
        return serverXml(https, tcpPort, dataDir, usersXml);
    }

    private static String serverXml(String httpInterface, int tcpPort, Path dataDir, Path usersXml) {
        String data = dataDir.toAbsolutePath() + "/";
        return """
                <?xml version="1.0"?>
                <yandex>
                  <logger>
                    <level>information</level>
                    <console>1</console>
                  </logger>
                  <listen_host>127.0.0.1</listen_host>
                  %s
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
                """.formatted(httpInterface, tcpPort, data, data, data, data, usersXml.toAbsolutePath());
    }

    /** One user, default, without password, reachable from loopback only. */
    static String usersXml() {
        return usersXml("default", "<password></password>");
    }

    /** One user with the password of {@code security}, given as its SHA-256, reachable from loopback only. */
    static String usersXml(ClickHouseSecurity security) {
        if (!security.user().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("ClickHouse user names here are plain identifiers, got " + security.user());
        }
        return usersXml(security.user(), "<password_sha256_hex>" + security.passwordSha256Hex() + "</password_sha256_hex>");
    }

    private static String usersXml(String user, String passwordElement) {
        return """
                <?xml version="1.0"?>
                <yandex>
                  <profiles>
                    <default></default>
                  </profiles>
                  <users>
                    <%s>
                      %s
                      <networks>
                        <ip>127.0.0.1</ip>
                        <ip>::1</ip>
                      </networks>
                      <profile>default</profile>
                      <quota>default</quota>
                    </%s>
                  </users>
                  <quotas>
                    <default></default>
                  </quotas>
                </yandex>
                """.formatted(user, passwordElement, user);
    }
}
