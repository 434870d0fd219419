package io.flowpulse.ingest.relay;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Leaves a gRPC message as its bytes; the reader decides how to decode them. */
final class RawMessageMarshaller implements MethodDescriptor.Marshaller<byte[]> {

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            if (stream instanceof KnownLength) {
                int length = stream.available();
                byte[] message = new byte[length];
                if (stream.readNBytes(message, 0, length) == length && stream.read() < 0) {
                    return message;
                }
                throw new IOException("message shorter or longer than its announced " + length + " bytes");
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
