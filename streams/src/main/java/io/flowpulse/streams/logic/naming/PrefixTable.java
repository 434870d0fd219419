package io.flowpulse.streams.logic.naming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Immutable longest-prefix-match table for IPv4 and IPv6 CIDRs. Every CIDR is parsed once when
 * the table is built; a lookup masks the address per prefix length present and binary-searches
 * sorted arrays, without allocating.
 *
 * <p>When the same network is added twice, the value added first wins.
 */
public final class PrefixTable<V> {

    private final Family<V> v4;
    private final Family<V> v6;

    private PrefixTable(Family<V> v4, Family<V> v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    public static <V> Builder<V> builder() {
        return new Builder<>();
    }

    /** The value of the longest prefix containing {@code address}, or null. */
    public V lookup(IpAddress address) {
        if (address == null) {
            return null;
        }
        return (address.ipv6() ? v6 : v4).lookup(address.high(), address.low());
    }

    /** The value of the longest prefix containing the address in {@code ip}; null when none or not an IP. */
    public V lookup(String ip) {
        return lookup(IpAddress.parseOrNull(ip));
    }

    public boolean isEmpty() {
        return v4.isEmpty() && v6.isEmpty();
    }

    /** A CIDR such as {@code 10.244.1.0/24} or {@code fd00::/64}; a bare address is a host prefix. */
    public record Cidr(IpAddress network, int prefixLength) {

        public static Cidr parse(String text) {
            if (text == null) {
                throw new IllegalArgumentException("CIDR is missing (null)");
            }
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            IpAddress address = IpAddress.parseOrNull(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not a CIDR: '" + text + "' (bad address)");
            }
            int length = address.bits();
            if (slash >= 0) {
                try {
                    length = Integer.parseInt(trimmed.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a CIDR: '" + text + "' (bad prefix length)");
                }
                if (length < 0 || length > address.bits()) {
                    throw new IllegalArgumentException("not a CIDR: '" + text + "' (prefix length must be 0.."
                            + address.bits() + ")");
                }
            }
            // host bits set (10.244.1.7/24) are masked off, as routers do with a route's destination
            long high = address.high() & highMask(length, address.ipv6());
            long low = address.low() & lowMask(length, address.ipv6());
            return new Cidr(new IpAddress(address.ipv6(), high, low), length);
        }
    }

    public static final class Builder<V> {
        private final List<Entry<V>> entries = new ArrayList<>();

        public Builder<V> add(Cidr cidr, V value) {
            entries.add(new Entry<>(cidr, Objects.requireNonNull(value, "value"), entries.size()));
            return this;
        }

        public Builder<V> add(String cidr, V value) {
            return add(Cidr.parse(cidr), value);
        }

        public PrefixTable<V> build() {
            return new PrefixTable<>(Family.build(entries, false), Family.build(entries, true));
        }
    }

    private record Entry<V>(Cidr cidr, V value, int order) {
    }

    /** All prefixes of one address family, grouped by prefix length, longest first. */
    private static final class Family<V> {
        private final int[] lengths;
        private final long[][] highs;
        private final long[][] lows;
        private final Object[][] values;
        private final boolean ipv6;

        private Family(int[] lengths, long[][] highs, long[][] lows, Object[][] values, boolean ipv6) {
            this.lengths = lengths;
            this.highs = highs;
            this.lows = lows;
            this.values = values;
            this.ipv6 = ipv6;
        }

        static <V> Family<V> build(List<Entry<V>> all, boolean ipv6) {
            List<Entry<V>> family = all.stream()
                    .filter(e -> e.cidr().network().ipv6() == ipv6)
                    .sorted(Comparator.comparingInt((Entry<V> e) -> -e.cidr().prefixLength())
                            .thenComparing((a, b) -> compare(a.cidr().network(), b.cidr().network()))
                            .thenComparingInt(Entry::order))
                    .toList();
            List<int[]> groups = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= family.size(); i++) {
                if (i == family.size() || family.get(i).cidr().prefixLength() != family.get(start).cidr().prefixLength()) {
                    groups.add(new int[] {start, i});
                    start = i;
                }
            }
            int[] lengths = new int[groups.size()];
            long[][] highs = new long[groups.size()][];
            long[][] lows = new long[groups.size()][];
            Object[][] values = new Object[groups.size()][];
            for (int g = 0; g < groups.size(); g++) {
                List<Entry<V>> group = family.subList(groups.get(g)[0], groups.get(g)[1]);
                lengths[g] = group.get(0).cidr().prefixLength();
                List<Entry<V>> unique = new ArrayList<>();
                for (Entry<V> entry : group) {
                    if (unique.isEmpty() || compare(unique.get(unique.size() - 1).cidr().network(), entry.cidr().network()) != 0) {
                        unique.add(entry);
                    }
                }
                highs[g] = unique.stream().mapToLong(e -> e.cidr().network().high()).toArray();
                lows[g] = unique.stream().mapToLong(e -> e.cidr().network().low()).toArray();
                values[g] = unique.stream().map(Entry::value).toArray();
            }
            return new Family<>(lengths, highs, lows, values, ipv6);
        }

        boolean isEmpty() {
            return lengths.length == 0;
        }

        @SuppressWarnings("unchecked")
        V lookup(long high, long low) {
            for (int g = 0; g < lengths.length; g++) {
                long maskedHigh = high & highMask(lengths[g], ipv6);
                long maskedLow = low & lowMask(lengths[g], ipv6);
                int index = search(highs[g], lows[g], maskedHigh, maskedLow);
                if (index >= 0) {
                    return (V) values[g][index];
                }
            }
            return null;
        }

        private static int search(long[] highs, long[] lows, long high, long low) {
            int from = 0;
            int to = highs.length - 1;
            while (from <= to) {
                int mid = (from + to) >>> 1;
                int c = Long.compareUnsigned(highs[mid], high);
                if (c == 0) {
                    c = Long.compareUnsigned(lows[mid], low);
                }
                if (c < 0) {
                    from = mid + 1;
                } else if (c > 0) {
                    to = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }
    }

    private static int compare(IpAddress a, IpAddress b) {
        int c = Long.compareUnsigned(a.high(), b.high());
        return c != 0 ? c : Long.compareUnsigned(a.low(), b.low());
    }

    /** Mask of the high 64 bits of an IPv6 prefix (always 0 for IPv4, whose bits live in the low word). */
    private static long highMask(int length, boolean ipv6) {
        if (!ipv6) {
            return 0;
        }
        if (length >= 64) {
            return -1L;
        }
        return length == 0 ? 0 : -1L << (64 - length);
    }

    private static long lowMask(int length, boolean ipv6) {
        if (ipv6) {
            int lowBits = length - 64;
            if (lowBits <= 0) {
                return 0;
            }
            return lowBits >= 64 ? -1L : -1L << (64 - lowBits);
        }
        return length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return "PrefixTable[v4 lengths=" + Arrays.toString(v4.lengths) + ", v6 lengths=" + Arrays.toString(v6.lengths) + "]";
    }
}
