package dev.latchkey.domain.webhook;

import dev.latchkey.domain.apikey.Cidr;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses a webhook may be posted to: global unicast ones only, unless the operator lists networks in
 * {@value #SETTING} (addresses inside them are allowed whatever they are). Refused by default: loopback, private
 * (RFC 1918), shared (CGNAT, 100.64.0.0/10), link-local, unique-local (fc00::/7), site-local, multicast, unspecified,
 * reserved, documentation and benchmarking ranges, and IPv6 addresses outside 2000::/3; an IPv6 address that embeds an
 * IPv4 one (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) is judged by the IPv4 address it carries. Without this, whoever registers endpoints could make
 * the server post into its own network and read each target's status in the delivery log.
 */
public final class WebhookNetworks {

    /** The setting that lists the allowed networks (CIDR blocks or bare addresses). */
    public static final String SETTING = "latchkey.webhooks.allowed-networks";

    /** Only global unicast addresses. */
    public static final WebhookNetworks GLOBAL_ONLY = new WebhookNetworks(List.of());

    private record Range(Cidr block, String kind) {
    }

    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0/8", "an unspecified ('this network') address"),
            range("10.0.0.0/8", "a private address"),
            range("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            range("127.0.0.0/8", "a loopback address"),
            range("169.254.0.0/16", "a link-local address"),
            range("172.16.0.0/12", "a private address"),
            range("192.0.0.0/24", "an IETF protocol address"),
            range("192.0.2.0/24", "a documentation address"),
            range("192.88.99.0/24", "a 6to4 relay address"),
            range("192.168.0.0/16", "a private address"),
            range("198.18.0.0/15", "a benchmarking address"),
            range("198.51.100.0/24", "a documentation address"),
            range("203.0.113.0/24", "a documentation address"),
            range("224.0.0.0/4", "a multicast address"),
            range("240.0.0.0/4", "a reserved or broadcast address"));

    private static final List<Range> IPV6 = List.of(
            range("::/128", "an unspecified address"),
            range("::1/128", "a loopback address"),
            range("64:ff9b:1::/48", "a local-use NAT64 address"),
            range("100::/64", "a discard-only address"),
            range("2001::/23", "an IETF protocol address (Teredo, ORCHID, benchmarking)"),
            range("2001:db8::/32", "a documentation address"),
            range("3fff::/20", "a documentation address"),
            range("fc00::/7", "a unique-local address"),
            range("fe80::/10", "a link-local address"),
            range("fec0::/10", "a site-local address"),
            range("ff00::/8", "a multicast address"));

    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3", "network");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96", "network");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16", "network");

    private final List<Cidr> allowed;

    private WebhookNetworks(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Reads the operator's list ({@code 10.0.0.0/8}, {@code fd00::/8}, a bare address); empty entries are skipped.
     * A malformed entry is {@code InvalidValueException} naming the setting.
     */
    public static WebhookNetworks allowing(Collection<String> networks) {
        return new WebhookNetworks(networks.stream().filter(text -> text != null && !text.isBlank())
                .map(text -> Cidr.parse(text, SETTING)).toList());
    }

    /** The operator's allowed networks, as configured. */
    public List<Cidr> allowed() {
        return allowed;
    }

    /**
     * Why a webhook may not be posted to {@code address} (4 or 16 bytes), e.g. "127.0.0.1 is a loopback address";
     * empty when it may.
     */
    public Optional<String> refusal(byte[] address) {
        if (isAllowed(address)) {
            return Optional.empty();
        }
        if (address.length == 4) {
            return IPV4.stream().filter(range -> range.block().contains(address)).findFirst()
                    .map(range -> text(address) + " is " + range.kind());
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv4 or IPv6 address has 4 or 16 bytes");
        }
        Optional<byte[]> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get()).map(reason -> text(address) + " carries " + reason);
        }
        Optional<String> listed = IPV6.stream().filter(range -> range.block().contains(address)).findFirst()
                .map(range -> text(address) + " is " + range.kind());
        if (listed.isPresent() || GLOBAL_UNICAST.contains(address)) {
            return listed;
        }
        return Optional.of(text(address) + " is not a global unicast address");
    }

    /**
     * Whether {@code host} (as a URL has it) is a name for this machine that needs no lookup to refuse:
     * {@code localhost} and the names under it (RFC 6761), unless the operator allowed loopback.
     */
    public Optional<String> refusalOfName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if ((name.equals("localhost") || name.endsWith(".localhost")) && !isAllowed(new byte[] {127, 0, 0, 1})) {
            return Optional.of(host + " names this machine (loopback)");
        }
        return Optional.empty();
    }

    private boolean isAllowed(byte[] address) {
        return allowed.stream().anyMatch(block -> block.contains(address));
    }

    /** The IPv4 address an IPv6 one carries: IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4. */
    private static Optional<byte[]> embeddedIpv4(byte[] address) {
        boolean firstTenZero = Arrays.equals(Arrays.copyOf(address, 10), new byte[10]);
        boolean mapped = firstTenZero && address[10] == (byte) 0xff && address[11] == (byte) 0xff;
        boolean compatible = firstTenZero && address[10] == 0 && address[11] == 0
                && !(address[12] == 0 && address[13] == 0 && address[14] == 0 && (address[15] & 0xfe) == 0);
        if (mapped || compatible || NAT64.contains(address)) {
            return Optional.of(Arrays.copyOfRange(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(Arrays.copyOfRange(address, 2, 6));
        }
        return Optional.empty();
    }

    private static String text(byte[] address) {
        String block = new Cidr(address, address.length * 8).toString();
        return block.substring(0, block.indexOf('/'));
    }

    private static Range range(String block, String kind) {
        return new Range(Cidr.parse(block, "network"), kind);
    }

    @Override
    public String toString() {
        return "WebhookNetworks[allowed=" + allowed + "]";
    }

}
