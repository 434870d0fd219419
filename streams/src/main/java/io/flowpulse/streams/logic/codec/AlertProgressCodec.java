package io.flowpulse.streams.logic.codec;

/** The alert evaluator's progress (the last window end it evaluated), as a signed varint; both engines store it so. */
public final class AlertProgressCodec implements StateCodec<Long> {

    public static final AlertProgressCodec INSTANCE = new AlertProgressCodec();

    private AlertProgressCodec() {
    }

    @Override
    public byte[] encode(Long value) {
        return new ByteWriter(10).writeSignedVarLong(value).toByteArray();
    }

    @Override
    public Long decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        long value = in.readSignedVarLong();
        in.expectEnd("alert progress");
        return value;
    }
}
