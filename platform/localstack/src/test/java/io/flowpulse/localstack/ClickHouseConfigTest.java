package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ClickHouseConfigTest {

    @Test
    void serverListensOnLoopbackOnlyWithDataUnderTheGivenDirectory() throws Exception {
        Document config = parse(ClickHouseConfig.serverXml(41001, 41002, Path.of("/w/clickhouse-data"),
                Path.of("/w/clickhouse-users.xml")));

        assertThat(text(config, "/yandex/listen_host")).isEqualTo("127.0.0.1");
        assertThat(text(config, "/yandex/http_port")).isEqualTo("41001");
        assertThat(text(config, "/yandex/tcp_port")).isEqualTo("41002");
        assertThat(text(config, "/yandex/path")).isEqualTo("/w/clickhouse-data/");
        assertThat(text(config, "/yandex/tmp_path")).isEqualTo("/w/clickhouse-data/tmp/");
        assertThat(text(config, "/yandex/users_config")).isEqualTo("/w/clickhouse-users.xml");
        assertThat(text(config, "/yandex/timezone")).isEqualTo("UTC");
        assertThat(text(config, "count(/yandex/interserver_http_port)")).isEqualTo("0");
    }

    @Test
    void defaultUserHasNoPasswordAndIsLimitedToLoopback() throws Exception {
        Document users = parse(ClickHouseConfig.usersXml());

        assertThat(text(users, "/yandex/users/default/password")).isEmpty();
        assertThat(text(users, "count(/yandex/users/*)")).isEqualTo("1");
        assertThat(text(users, "/yandex/users/default/networks/ip[1]")).isEqualTo("127.0.0.1");
        assertThat(text(users, "/yandex/users/default/networks/ip[2]")).isEqualTo("::1");
    }

    @Test
    void aSecuredServerServesHttpsOnlyAndKnowsItsUserByThePasswordHash() throws Exception {
        TlsMaterial tls = new TlsMaterial(Path.of("/w/tls/ca.crt"), Path.of("/w/tls/truststore.p12"),
                Path.of("/w/tls/server.p12"), Path.of("/w/tls/server.crt"), Path.of("/w/tls/server.key"), "store");
        Document config = parse(ClickHouseConfig.secureServerXml(41001, 41002, Path.of("/w/clickhouse-data"),
                Path.of("/w/clickhouse-users.xml"), tls));
        assertThat(text(config, "/yandex/https_port")).isEqualTo("41001");
        assertThat(text(config, "count(/yandex/http_port)")).isEqualTo("0");
        assertThat(text(config, "/yandex/openSSL/server/certificateFile")).isEqualTo("/w/tls/server.crt");
        assertThat(text(config, "/yandex/openSSL/server/privateKeyFile")).isEqualTo("/w/tls/server.key");

        Document users = parse(ClickHouseConfig.usersXml(new ClickHouseSecurity(tls, "flowpulse", "secret")));
        assertThat(text(users, "count(/yandex/users/*)")).isEqualTo("1");
        assertThat(text(users, "/yandex/users/flowpulse/password_sha256_hex"))
                .isEqualTo("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }
}
