package io.flowpulse.streams.logic.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void parsesIpv4AsUnsigned32Bits() {
        IpAddress address = IpAddress.parse("10.244.1.7");
        assertThat(address.ipv6()).isFalse();
        assertThat(address.high()).isZero();
        // 10*2^24 + 244*2^16 + 1*2^8 + 7 = 167772160 + 15990784 + 256 + 7
        assertThat(address.low()).isEqualTo(183_763_207L);
        assertThat(IpAddress.parse("255.255.255.255").low()).isEqualTo(0xFFFF_FFFFL);
        assertThat(IpAddress.parse("0.0.0.0").low()).isZero();
    }

    @Test
    void parsesIpv6WithCompressionAndEmbeddedIpv4() {
        IpAddress full = IpAddress.parse("fd00:10:244:1:0:0:0:7");
        assertThat(full.ipv6()).isTrue();
        assertThat(full.high()).isEqualTo(0xfd00_0010_0244_0001L);
        assertThat(full.low()).isEqualTo(7L);
        assertThat(IpAddress.parse("fd00:10:244:1::7")).isEqualTo(full);
        assertThat(IpAddress.parse("::")).isEqualTo(new IpAddress(true, 0, 0));
        assertThat(IpAddress.parse("::1")).isEqualTo(new IpAddress(true, 0, 1));
        assertThat(IpAddress.parse("fe80::1%eth0")).isEqualTo(new IpAddress(true, 0xfe80_0000_0000_0000L, 1));
        assertThat(IpAddress.parse("::ffff:10.0.0.1")).isEqualTo(new IpAddress(true, 0, 0x0000_ffff_0a00_0001L));
        assertThat(IpAddress.parse("2001:DB8::")).isEqualTo(new IpAddress(true, 0x2001_0db8_0000_0000L, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "10.0.0.1.", "1.2.3.4.5", "a.b.c.d", "1::2::3", ":1",
            "1:", "12345::", "1:2:3:4:5:6:7:8:9", "g::1", "10.0.0.01234", "host.example"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThat(IpAddress.parseOrNull(text)).isNull();
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
