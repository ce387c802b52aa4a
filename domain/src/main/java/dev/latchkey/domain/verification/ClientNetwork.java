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
}
