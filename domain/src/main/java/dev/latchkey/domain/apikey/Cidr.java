package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses, such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}; a bare address is a
 * block of one. Only IP literals are read, never a name (no lookup). A block whose address has bits set past its
 * prefix is refused rather than guessed at ({@code 10.0.0.1/8} most likely means something else).
 */
public record Cidr(byte[] network, int prefixLength) {

    /** The longest text of a block: an IPv6 address with an embedded IPv4 one, and {@code /128}. */
    public static final int MAX_TEXT_LENGTH = 49;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an IPv4 or IPv6 address has 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range");
        }
    }

    /** Reads {@code address[/prefix]}; anything else is {@code InvalidValueException} naming {@code field}. */
    public static Cidr parse(String text, String field) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw invalid(field, text);
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressText).orElseThrow(() -> invalid(field, text));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > bits) {
                throw invalid(field, text);
            }
            prefix = Integer.parseInt(prefixText);
        }
        Cidr block = new Cidr(address, prefix);
        if (!Arrays.equals(block.network, masked(address, prefix))) {
            throw new InvalidValueException(field, field + ": " + trimmed + " has bits set past its /" + prefix
                    + "; the block is " + new Cidr(masked(address, prefix), prefix));
        }
        return block;
    }

    /** Whether {@code address} (4 or 16 bytes) lies in this block; an address of the other family never does. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address, prefixLength), network);
    }

    /** The address of an IP literal (IPv4 dotted quad, or IPv6), without any name lookup. */
    public static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var ipv4 = IPV4.matcher(text);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(ipv4.group(i + 1));
                if (part > 255 || (ipv4.group(i + 1).length() > 1 && ipv4.group(i + 1).startsWith("0"))) {
                    return Optional.empty(); // no octal-looking parts: 010 is not 8, nor 10
                }
                bytes[i] = (byte) part;
            }
            return Optional.of(bytes);
        }
        if (text.indexOf(':') < 0 || !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // with a colon and only hex digits, colons and dots, this is parsed as an IPv6 literal: never looked up
            // (an IPv4-mapped address, ::ffff:a.b.c.d, comes back as the IPv4 address it maps)
            return Optional.of(InetAddress.getByName("[" + text + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical text of an IP literal ({@link #literal}): {@code 203.0.113.7}, IPv6 as RFC 5952 writes it
     * ({@code 2001:0DB8:0::1} is {@code 2001:db8::1}, {@code ::ffff:203.0.113.7} is {@code 203.0.113.7}); none for
     * text that is no IP literal. Never a name lookup.
     */
    public static Optional<String> canonicalAddress(String text) {
        return literal(text).map(address -> address.length == 4 ? ipv4Text(address) : ipv6Text(address));
    }

    /** The block of {@code prefix} bits that holds {@code address} (an IPv4 or IPv6 address's bytes). */
    public static Cidr holding(byte[] address, int prefix) {
        return new Cidr(masked(address, prefix), prefix);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    private static InvalidValueException invalid(String field, String text) {
        return new InvalidValueException(field, field + " must hold IPv4 or IPv6 addresses or blocks, such as "
                + "203.0.113.0/24 or 2001:db8::/32");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** The canonical text: {@code 203.0.113.0/24}, and IPv6 as RFC 5952 writes it, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return (network.length == 4 ? ipv4Text(network) : ipv6Text(network)) + "/" + prefixLength;
    }

    private static String ipv4Text(byte[] address) {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    /** Lower-case hex groups without leading zeros, the first longest run of two or more zero groups as {@code ::}. */
    private static String ipv6Text(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
