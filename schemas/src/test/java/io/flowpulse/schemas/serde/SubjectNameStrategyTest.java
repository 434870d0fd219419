package io.flowpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.schemas.avro.Flow;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {
    @Test
    void namesSubjectsLikeConfluent() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("hubble.flows.v1", false, Flow.getClassSchema()))
                .isEqualTo("hubble.flows.v1-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("hubble.flows.v1", true, Flow.getClassSchema()))
                .isEqualTo("hubble.flows.v1-key");
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("hubble.flows.v1", false, Flow.getClassSchema()))
                .isEqualTo("io.flowpulse.schemas.avro.Flow");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("hubble.flows.v1", false, Flow.getClassSchema()))
                .isEqualTo("hubble.flows.v1-io.flowpulse.schemas.avro.Flow");
    }

    @Test
    void recordStrategiesNeedARecord() {
        assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subject("t", false, FlowEventSerde.VALUE_SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a record schema")
                .hasMessageContaining("UNION");
    }

    @Test
    void parsesEnumAndConfluentClassNames() {
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("RecordNameStrategy")).isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("topic_name")).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("ByColour"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown subject name strategy 'ByColour'");
    }
}
