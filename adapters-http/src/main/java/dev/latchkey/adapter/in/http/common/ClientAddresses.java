package dev.latchkey.adapter.in.http.common;

import dev.latchkey.domain.apikey.Cidr;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address of the client behind a request: the TCP peer, unless the peer is one of
 * {@code latchkey.http.trusted-proxies} (CIDRs, default none). Then it is the right-most address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy, else {@code X-Real-IP}, else the peer. A header sent by
 * anyone else is ignored: it cannot move a client to another address.
 */
@Singleton
public final class ClientAddresses {

    public static final String FORWARDED_FOR = "X-Forwarded-For";
    public static final String REAL_IP = "X-Real-IP";
    public static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final List<IpSubnetFilterRule> trustedProxies;

    ClientAddresses(@Property(name = "latchkey.http.trusted-proxies") @Nullable List<String> trustedProxies) {
        this.trustedProxies = (trustedProxies == null ? List.<String>of() : trustedProxies).stream()
                .map(String::strip).filter(cidr -> !cidr.isEmpty()).map(ClientAddresses::rule).toList();
    }

    /** The client's address, as text (e.g. {@code 203.0.113.7}). */
    public String of(HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        InetAddress peerAddress = peer.getAddress();
        if (peerAddress == null || !isTrusted(peerAddress)) {
            return peerAddress == null ? peer.getHostString() : peerAddress.getHostAddress();
        }
        List<String> forwarded = request.getHeaders().getAll(FORWARDED_FOR);
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = literal(hops[i].strip());
                if (hop == null) {
                    return peerAddress.getHostAddress(); // garbage from a trusted proxy's client: stop trusting it
                }
                if (!isTrusted(hop)) {
                    return hop.getHostAddress();
                }
            }
        }
        InetAddress realIp = literal(request.getHeaders().get(REAL_IP));
        return realIp != null ? realIp.getHostAddress() : peerAddress.getHostAddress();
    }

    /**
     * Whether the client reached Latchkey over HTTPS: this server's own TLS, or {@code X-Forwarded-Proto: https} from a
     * trusted proxy that ended TLS for it (from anyone else the header is ignored).
     */
    public boolean isHttps(HttpRequest<?> request) {
        if (request.isSecure()) {
            return true;
        }
        InetAddress peerAddress = request.getRemoteAddress().getAddress();
        return peerAddress != null && isTrusted(peerAddress)
                && "https".equalsIgnoreCase(request.getHeaders().get(FORWARDED_PROTO, String.class).orElse("").strip());
    }

    private boolean isTrusted(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return trustedProxies.stream().anyMatch(rule -> rule.matches(socket));
    }

    /**
     * An IP literal, never a name lookup; {@code null} for anything else. Read by the domain's parser, then turned into
     * an address from its bytes: {@code InetAddress.getByName} looks up whatever it does not read as a literal, and
     * {@code cafe} or {@code dead.beef} (hex digits and dots) are names to it, so a client could make every request
     * wait on DNS, and be placed wherever the name resolves.
     */
    private static InetAddress literal(@Nullable String text) {
        byte[] bytes = text == null ? null : Cidr.literal(text.strip()).orElse(null);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes", e); // getByAddress refuses only other lengths
        }
    }

    private static IpSubnetFilterRule rule(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("latchkey.http.trusted-proxies: not an address or CIDR: " + cidr);
        }
        int bits = address.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("latchkey.http.trusted-proxies: bad prefix length in " + cidr);
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }
}
