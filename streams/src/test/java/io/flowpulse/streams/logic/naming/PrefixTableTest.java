package io.flowpulse.streams.logic.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrefixTableTest {

    @Test
    void longestIpv4PrefixWins() {
        PrefixTable<String> table = PrefixTable.<String>builder()
                .add("10.0.0.0/8", "wide")
                .add("10.244.1.0/24", "node-1")
                .add("10.244.2.0/24", "node-2")
                .add("10.244.2.128/25", "node-2b")
                .build();
        assertThat(table.lookup("10.244.1.0")).isEqualTo("node-1");
        assertThat(table.lookup("10.244.1.255")).isEqualTo("node-1");
        assertThat(table.lookup("10.244.2.127")).isEqualTo("node-2");
        assertThat(table.lookup("10.244.2.128")).isEqualTo("node-2b");
        assertThat(table.lookup("10.9.9.9")).isEqualTo("wide");
        assertThat(table.lookup("11.0.0.1")).isNull();
        assertThat(table.lookup("not-an-ip")).isNull();
        assertThat(table.lookup((String) null)).isNull();
    }

    @Test
    void ipv6PrefixesAcrossTheWordBoundary() {
        PrefixTable<String> table = PrefixTable.<String>builder()
                .add("fd00:10:244:1::/64", "node-1")
                .add("fd00:10:244::/48", "cluster")
                .add("fd00:10:244:1:8000::/65", "node-1-upper")
                .add("2001:db8::5/128", "host")
                .build();
        assertThat(table.lookup("fd00:10:244:1::7")).isEqualTo("node-1");
        assertThat(table.lookup("fd00:10:244:1:7fff:ffff:ffff:ffff")).isEqualTo("node-1");
        assertThat(table.lookup("fd00:10:244:1:8000::1")).isEqualTo("node-1-upper");
        assertThat(table.lookup("fd00:10:244:2::1")).isEqualTo("cluster");
        assertThat(table.lookup("2001:db8::5")).isEqualTo("host");
        assertThat(table.lookup("2001:db8::6")).isNull();
        // IPv4 addresses never match IPv6 prefixes and vice versa
        assertThat(table.lookup("10.244.1.7")).isNull();
    }

    @Test
    void familiesAreSeparateAndDefaultRoutesMatchEverythingInTheirFamily() {
        PrefixTable<String> table = PrefixTable.<String>builder()
                .add("0.0.0.0/0", "any-v4")
                .add("::/0", "any-v6")
                .build();
        assertThat(table.lookup("203.0.113.9")).isEqualTo("any-v4");
        assertThat(table.lookup("2001:db8::1")).isEqualTo("any-v6");
    }

    @Test
    void bareAddressIsHostPrefixAndHostBitsAreMasked() {
        PrefixTable<String> table = PrefixTable.<String>builder()
                .add("192.168.10.11", "node-1")
                .add("10.244.3.77/24", "node-3")
                .build();
        assertThat(table.lookup("192.168.10.11")).isEqualTo("node-1");
        assertThat(table.lookup("192.168.10.12")).isNull();
        assertThat(table.lookup("10.244.3.1")).isEqualTo("node-3");
    }

    @Test
    void firstAddedWinsForTheSameNetwork() {
        PrefixTable<String> table = PrefixTable.<String>builder()
                .add("10.244.1.0/24", "first")
                .add("10.244.1.0/24", "second")
                .build();
        assertThat(table.lookup("10.244.1.9")).isEqualTo("first");
    }

    @Test
    void manyPrefixesAreSearchedCorrectly() {
        PrefixTable.Builder<String> builder = PrefixTable.builder();
        for (int i = 0; i < 256; i++) {
            builder.add("10.244." + i + ".0/24", "node-" + i);
        }
        PrefixTable<String> table = builder.build();
        for (int i = 0; i < 256; i++) {
            assertThat(table.lookup("10.244." + i + ".200")).isEqualTo("node-" + i);
        }
        assertThat(table.lookup("10.245.0.1")).isNull();
    }

    @Test
    void badCidrsAreRejectedWithTheText() {
        assertThatThrownBy(() -> PrefixTable.Cidr.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> PrefixTable.Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> PrefixTable.Cidr.parse("fd00::/129")).hasMessageContaining("0..128");
        assertThatThrownBy(() -> PrefixTable.Cidr.parse("nonsense/8")).hasMessageContaining("bad address");
        assertThatThrownBy(() -> PrefixTable.Cidr.parse(null)).hasMessageContaining("missing");
    }
}
