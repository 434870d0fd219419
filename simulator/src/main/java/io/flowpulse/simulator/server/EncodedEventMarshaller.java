package io.flowpulse.simulator.server;

import io.flowpulse.hubble.observer.ObserverGrpc;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes an {@link EncodedEvent}'s kept bytes as the GetFlowsResponse message. The stream is
 * {@link KnownLength} and {@link Drainable}, so gRPC copies the array into its frame in one write
 * instead of running protobuf's encoder again.
 */
final class EncodedEventMarshaller implements MethodDescriptor.Marshaller<EncodedEvent> {

    @Override
    public InputStream stream(EncodedEvent value) {
        return new BytesStream(value.bytes());
    }

    @Override
    public EncodedEvent parse(InputStream stream) {
        return new EncodedEvent(ObserverGrpc.getGetFlowsMethod().getResponseMarshaller().parse(stream));
    }

    private static final class BytesStream extends InputStream implements KnownLength, Drainable {
        private final byte[] bytes;
        private int position;

        BytesStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = bytes.length - position;
            target.write(bytes, position, n);
            position = bytes.length;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
