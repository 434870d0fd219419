package io.flowpulse.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** How the registry subject of a topic's key or value schema is named (Confluent's three strategies). */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic. */
    TOPIC_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** Full name of the record: one lineage per record type, shared by all topics. */
    RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return recordName(this, schema);
        }
    },
    /** {@code <topic>-<record full name>}: one lineage per record type and topic. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + recordName(this, schema);
        }
    };

    public abstract String subject(String topic, boolean isKey, Schema schema);

    /**
     * Accepts the enum names and Confluent's class names (e.g.
     * {@code io.confluent.kafka.serializers.subject.TopicRecordNameStrategy}).
     */
    public static SubjectNameStrategy parse(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1).trim();
        if (simple.equals("TopicRecordNameStrategy")) {
            return TOPIC_RECORD_NAME;
        }
        if (simple.equals("RecordNameStrategy")) {
            return RECORD_NAME;
        }
        if (simple.equals("TopicNameStrategy")) {
            return TOPIC_NAME;
        }
        try {
            return valueOf(simple.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Unknown subject name strategy '" + name
                    + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        }
    }

    private static String recordName(SubjectNameStrategy strategy, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(strategy + " needs a record schema to name the subject, got a "
                    + schema.getType() + " schema; use TOPIC_NAME for union or primitive schemas");
        }
        return schema.getFullName();
    }
}
