package io.flowpulse.streams.logic.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowpulse.streams.logic.dns.DnsMessageType;
import io.flowpulse.streams.logic.dns.DnsObservation;
import io.flowpulse.streams.logic.latency.LatencyKey;
import io.flowpulse.streams.logic.latency.LatencyKind;
import io.flowpulse.streams.logic.latency.LatencyLevel;
import io.flowpulse.streams.logic.latency.LatencySample.KeyedLatencySample;
import io.flowpulse.streams.logic.link.LinkObservation;
import io.flowpulse.streams.logic.link.VerdictClass;
import org.junit.jupiter.api.Test;

class EventCodecsTest {

    @Test
    void linkObservationsRoundTrip() {
        for (LinkObservation o : new LinkObservation[] {
                new LinkObservation(VerdictClass.FORWARDED, null),
                new LinkObservation(VerdictClass.OTHER, null),
                new LinkObservation(VerdictClass.DROPPED, "POLICY_DENIED")}) {
            assertThat(LinkObservation.CODEC.decode(LinkObservation.CODEC.encode(o))).isEqualTo(o);
        }
        assertThatThrownBy(() -> LinkObservation.CODEC.decode(new byte[] {1, 7})).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("unknown verdict class 7");
    }

    @Test
    void dnsObservationsRoundTrip() {
        DnsObservation o = new DnsObservation(DnsMessageType.RESPONSE, "münchen.example.", 3, 2_500_000, 1_714_557_600_123_456L);
        assertThat(DnsObservation.CODEC.decode(DnsObservation.CODEC.encode(o))).isEqualTo(o);
        assertThatThrownBy(() -> DnsObservation.CODEC.decode(new byte[0])).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void keyedLatencySamplesRoundTrip() {
        KeyedLatencySample s = new KeyedLatencySample(
                new LatencyKey(LatencyLevel.SUBNET, LatencyKind.TCP_HANDSHAKE, "lab-a", "external"), -5, 123_000);
        assertThat(KeyedLatencySample.CODEC.decode(KeyedLatencySample.CODEC.encode(s))).isEqualTo(s);
        byte[] badKey = new ByteWriter().writeByte(1).writeString("zone|x|a|b").writeSignedVarLong(1).writeSignedVarLong(1)
                .toByteArray();
        assertThatThrownBy(() -> KeyedLatencySample.CODEC.decode(badKey)).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("zone");
    }

    @Test
    void readerRejectsGarbage() {
        assertThatThrownBy(() -> new ByteReader(null)).isInstanceOf(CorruptStateException.class);
        byte[] tooLong = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> new ByteReader(tooLong).readVarLong()).hasMessageContaining("longer than 10 bytes");
        byte[] hugeString = new ByteWriter().writeVarLong(1_000_000).toByteArray();
        assertThatThrownBy(() -> new ByteReader(hugeString).readString()).isInstanceOf(CorruptStateException.class);
        ByteWriter out = new ByteWriter(1);
        out.writeSignedVarLong(Long.MIN_VALUE).writeSignedVarLong(Long.MAX_VALUE).writeDouble(-0.125).writeBoolean(true);
        ByteReader in = new ByteReader(out.toByteArray());
        assertThat(in.readSignedVarLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(in.readSignedVarLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(in.readDouble()).isEqualTo(-0.125);
        assertThat(in.readBoolean()).isTrue();
        in.expectEnd("test");
    }
}
