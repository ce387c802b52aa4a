package dev.latchkey.domain.apikey;

import java.util.Optional;

/**
 * The network a client address belongs to, as new-network alerts count them: its IPv4 {@code /24}, or its IPv6
 * {@code /48} (an IPv4-mapped IPv6 address, {@code ::ffff:a.b.c.d}, is the IPv4 address it maps). Written as its block,
 * {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}. (Wider than {@code verification.ClientNetwork}, the failure
 * throttle's client: one address, or an IPv6 /64.)
 */
public record OriginNetwork(Cidr block) {

    /** The prefix of an IPv4 network. */
    public static final int IPV4_PREFIX = 24;
    /** The prefix of an IPv6 network. */
    public static final int IPV6_PREFIX = 48;

    public OriginNetwork {
        int prefix = block.network().length == 4 ? IPV4_PREFIX : IPV6_PREFIX;
        if (block.prefixLength() != prefix) {
            throw new IllegalArgumentException("a client network is an IPv4 /24 or an IPv6 /48");
        }
    }

    /**
     * The network of {@code clientIp}, an IP literal; none for an address not known ({@code null}, blank) or not an IP
     * literal: such a use is no network and never alerts.
     */
    public static Optional<OriginNetwork> of(String clientIp) {
        return Cidr.literal(clientIp).map(address ->
                new OriginNetwork(Cidr.holding(address, address.length == 4 ? IPV4_PREFIX : IPV6_PREFIX)));
    }

    /**
     * The network as one number, for compact memory: the 48 bits of an IPv6 {@code /48}, or bit 48 set and the 24 bits
     * of an IPv4 {@code /24}; two networks are equal exactly when their numbers are.
     */
    public long number() {
        byte[] address = block.network();
        int bytes = block.prefixLength() / 8;
        long number = address.length == 4 ? 1L << 48 : 0;
        for (int i = 0; i < bytes; i++) {
            number |= (address[i] & 0xffL) << (8 * (bytes - 1 - i));
        }
        return number;
    }

    /** The network as stored and as alerts show it: {@code 203.0.113.0/24}. */
    @Override
    public String toString() {
        return block.toString();
    }
}
