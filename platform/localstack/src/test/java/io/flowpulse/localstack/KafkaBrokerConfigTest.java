package io.flowpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaBrokerConfigTest {

    @Test
    void describesOneNodeThatIsBrokerAndControllerOnLoopback() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBrokerConfig.render(
                KafkaBrokerConfig.properties(40001, 40002, Path.of("/tmp/stack/kafka-data")))));

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:40002");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:40001");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/tmp/stack/kafka-data");
    }

    @Test
    void internalTopicsFitASingleBroker() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaBrokerConfig.render(KafkaBrokerConfig.properties(1, 2, Path.of("/d")))));

        assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }
}
