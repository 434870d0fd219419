package io.flowpulse.sink.avro;

import io.flowpulse.schemas.registry.SchemaNotFoundException;
import io.flowpulse.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Picks the transcoder for a Confluent schema id: the one whose schema equals the writer
 * schema exactly, or none (an older or newer schema version, the flows union, an unknown
 * id), in which case the record takes the decode-to-object path. Decisions are cached per
 * id; schema ids are immutable.
 */
public final class Transcoders {

    private static final List<RowTranscoder> ALL = List.of(new LinkWindowTranscoder(), new DnsWindowTranscoder(),
            new LatencyWindowTranscoder(), new AlertTranscoder());

    private final SchemaRegistryClient registry;
    private final Map<Integer, Optional<RowTranscoder>> byId = new ConcurrentHashMap<>();

    public Transcoders(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    public static List<RowTranscoder> all() {
        return ALL;
    }

    /** The transcoder for values written with schema {@code id}, if one applies. */
    public Optional<RowTranscoder> forSchemaId(int id) {
        Optional<RowTranscoder> known = byId.get(id);
        if (known != null) {
            return known;
        }
        Optional<RowTranscoder> decided;
        try {
            decided = forWriterSchema(registry.getSchemaById(id));
        } catch (SchemaNotFoundException e) {
            decided = Optional.empty();
        }
        byId.put(id, decided);
        return decided;
    }

    static Optional<RowTranscoder> forWriterSchema(Schema writer) {
        for (RowTranscoder t : ALL) {
            if (t.schema().equals(writer)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
