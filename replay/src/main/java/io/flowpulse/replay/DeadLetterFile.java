package io.flowpulse.replay;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowpulse.schemas.DeadLetters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dead letters of a replay without Kafka: one JSON object per line with the fields a dead-letter
 * record carries as headers on the dead-letter topic ({@link DeadLetters}: reason, stage, origin file and
 * line) and the line itself. The file is created with the first dead letter, so a clean replay leaves none.
 */
final class DeadLetterFile implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path path;
    private OutputStream out;
    private JsonGenerator json;
    private long written;

    DeadLetterFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    long written() {
        return written;
    }

    void write(String stage, Path file, long lineNumber, byte[] raw, String reason) {
        try {
            if (json == null) {
                out = Files.newOutputStream(path);
                json = JSON.createGenerator(out, JsonEncoding.UTF8);
                json.setRootValueSeparator(null);
            }
            json.writeStartObject();
            json.writeStringField(DeadLetters.REASON, reason);
            json.writeStringField(DeadLetters.STAGE, stage);
            json.writeStringField(DeadLetters.ORIGIN_FILE, file.toString());
            json.writeNumberField(DeadLetters.ORIGIN_LINE, lineNumber);
            json.writeStringField("value", new String(raw, StandardCharsets.UTF_8));
            json.writeEndObject();
            json.writeRaw('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dead letters to " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (json != null) {
            json.close();
            out.close();
        }
    }
}
