/**
 * Avro in the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary body)
 * against any registry speaking the Confluent REST API.
 *
 * <p>In code:
 * <pre>
 * SchemaRegistryClient registry = SchemaRegistryClient.builder("http://127.0.0.1:8081/apis/ccompat/v7").build();
 * Serde&lt;SpecificRecord&gt; flowEvents = FlowEventSerde.create(registry);   // hubble.flows.v1: Flow | LostEvents
 * Serde&lt;Node&gt; nodes = AvroSerde.specific(Node.class, registry);
 * Serde&lt;GenericRecord&gt; any = AvroSerde.generic(registry);
 * </pre>
 *
 * <p>From Kafka configuration: {@code value.serializer=io.flowpulse.schemas.serde.AvroSerializer},
 * {@code default.value.serde=io.flowpulse.schemas.serde.FlowEventSerde} and so on, with the keys of
 * {@link io.flowpulse.schemas.serde.AvroSerdeConfig} ({@code schema.registry.url},
 * {@code auto.register.schemas}, {@code specific.avro.reader}, ...).
 *
 * <p>Errors: bad bytes throw {@link org.apache.kafka.common.errors.SerializationException} (route the
 * record to the dead-letter topic); an unreachable registry throws
 * {@link io.flowpulse.schemas.registry.SchemaRegistryException} and a schema refused by the subject's
 * compatibility rule {@link io.flowpulse.schemas.registry.IncompatibleSchemaException}.
 */
package io.flowpulse.schemas.serde;
