package dev.latchkey.domain.verification;

import dev.latchkey.domain.apikey.Cidr;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the failure throttle counts as one client: an IPv4 client is its address; an IPv6 client is its /64, the
 * network one subscriber is given and picks addresses from at will (counted per address, a guesser would move to a
 * fresh address at every refusal). Any other text (a peer without an address) is counted as itself.
 */
public final class ClientNetwork {

    /** The bits of an IPv6 address that name one subscriber's network. */
    public static final int IPV6_PREFIX = 64;

    /**
     * Where an IPv4 client sits among the 2^64 IPv6 /64 networks for {@link #fingerprint}: {@code ffff:ffff::/32},
     * multicast space, which is never the source address of a client.
     */
    private static final long IPV4_NETWORKS = 0xFFFF_FFFF_0000_0000L;

    private ClientNetwork() {
    }

    /** {@code 203.0.113.7} for {@code 203.0.113.7}; {@code 2001:db8:1:2::/64} for {@code 2001:db8:1:2::77}. */
    public static String of(String address) {
        Optional<byte[]> literal = Cidr.literal(address);
        if (literal.isEmpty()) {
            return address;
        }
        byte[] bytes = literal.get();
        if (bytes.length == 4) {
            // IPv4, also when written IPv4-mapped (::ffff:a.b.c.d): one client, however it is written
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, IPV6_PREFIX / 8), 16);
        return new Cidr(network, IPV6_PREFIX).toString();
    }

    /**
     * The client of {@code address} (as {@link #of} names it) as 64 bits, keyed by {@code seed}, without allocating
     * for an IPv4 address or an IPv6 one written without an embedded IPv4 part (any other text takes {@link #of}'s
     * way). Two addresses of the same client have the same fingerprint. Two different IP clients never do: an IPv6
     * client's 64 network bits, or an IPv4 address placed in {@code ffff:ffff::/32} (multicast, never a client: an IPv6
     * address written there is hashed as text instead), go through a bijection of the 64-bit numbers chosen by
     * {@code seed}; so without the seed nobody can tell which clients share the low bits of their fingerprints. Any other text is hashed with the seed (64 bits: two texts, or
     * a text and an address, share a fingerprint with a chance of about 2^-64).
     */
    public static long fingerprint(String address, long seed) {
        long ipv4 = ipv4(address);
        if (ipv4 >= 0) {
            return mix(IPV4_NETWORKS | ipv4, seed);
        }
        int length = address.length();
        if (length < 2 || length > 39 || address.indexOf(':') < 0 || address.indexOf('.') >= 0) {
            return slowFingerprint(address, seed);
        }
        // IPv6 without an embedded IPv4 part: first the syntax (groups of 1 to 4 hex digits, at most one "::"
        // standing for at least one zero group), then the 128 bits; anything unusual takes the slow way
        int groups = 0;
        int elided = -1;
        int i = 0;
        if (address.charAt(0) == ':') {
            if (address.charAt(1) != ':') {
                return slowFingerprint(address, seed);
            }
            elided = 0;
            i = 2;
        }
        while (i < length) {
            int start = i;
            while (i < length && hex(address.charAt(i)) >= 0) {
                i++;
            }
            if (i == start || i - start > 4) {
                return slowFingerprint(address, seed);
            }
            groups++;
            if (i == length) {
                break;
            }
            if (address.charAt(i) != ':' || ++i == length) {
                return slowFingerprint(address, seed);
            }
            if (address.charAt(i) == ':') {
                if (elided >= 0) {
                    return slowFingerprint(address, seed);
                }
                elided = groups;
                i++;
            }
        }
        if (elided < 0 ? groups != 8 : groups > 7) {
            return slowFingerprint(address, seed);
        }
        long high = 0;
        long low = 0;
        int zeros = 8 - groups;
        i = 0;
        for (int seen = 0; seen <= groups; seen++) {
            if (seen == elided) {
                for (int z = 0; z < zeros; z++) {
                    high = (high << 16) | (low >>> 48);
                    low <<= 16;
                }
            }
            if (seen == groups) {
                break;
            }
            while (address.charAt(i) == ':') {
                i++;
            }
            int group = 0;
            for (int digit; i < length && (digit = hex(address.charAt(i))) >= 0; i++) {
                group = (group << 4) | digit;
            }
            high = (high << 16) | (low >>> 48);
            low = (low << 16) | group;
        }
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return mix(IPV4_NETWORKS | (low & 0xFFFF_FFFFL), seed); // IPv4-mapped, ::ffff:cb00:7107 as well
        }
        // ffff:ffff::/32 is where IPv4 clients sit: an IPv6 address written there is hashed as text, never taken for one
        return (high & IPV4_NETWORKS) == IPV4_NETWORKS ? textFingerprint(address, seed) : mix(high, seed);
    }

    /** {@link #fingerprint} the way {@link #of} reads the address (allocating): what the fast way must agree with. */
    static long slowFingerprint(String address, long seed) {
        Optional<byte[]> literal = Cidr.literal(address);
        if (literal.isEmpty()) {
            return textFingerprint(address, seed);
        }
        byte[] bytes = literal.get();
        long network = 0;
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            network = (network << 8) | (bytes[i] & 0xff);
        }
        if (bytes.length == 16 && (network & IPV4_NETWORKS) == IPV4_NETWORKS) {
            return textFingerprint(address, seed);
        }
        return mix(bytes.length == 4 ? IPV4_NETWORKS | network : network, seed);
    }

    private static long textFingerprint(String text, long seed) {
        long hash = seed ^ 0x243F_6A88_85A3_08D3L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x9E37_79B9_7F4A_7C15L;
            hash ^= hash >>> 31;
        }
        return mix(hash ^ text.length(), ~seed);
    }

    /** A dotted quad as {@link Cidr#literal} reads one (no part with a leading zero), else -1. */
    private static long ipv4(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return -1;
        }
        long address = 0;
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i == length || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < length && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255 || (i - start > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            address = (address << 8) | value;
        }
        return i == length ? address : -1;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A bijection of the 64-bit numbers chosen by {@code seed} (MurmurHash3's finaliser after the seed). */
    private static long mix(long value, long seed) {
        long x = value ^ seed;
        x ^= x >>> 33;
        x *= 0xFF51_AFD7_ED55_8CCDL;
        x ^= x >>> 33;
        x *= 0xC4CE_B9FE_1A85_EC53L;
        x ^= x >>> 33;
        return x;
    }
}
